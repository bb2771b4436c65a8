package bms.dgp.evidence;

import bms.core.matrix.Matrix;
import bms.dgp.random.RandomStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Sample-then-optimise (Matthews, Hron, Turner and Ghahramani 2017) for a
 * {@link BayesianLinearModel} with one output: member k draws w0_k ~ N(0, a I) and target noise
 * e_k ~ N(0, s2 I), then minimises by gradient descent
 * <pre>
 *   L_k(w) = ||y + e_k - Phi w||^2 / (2 s2) + ||w - w0_k||^2 / (2 a),
 * </pre>
 * whose minimiser A^-1 (Phi^T (y + e_k) / s2 + w0_k / a), A = Phi^T Phi / s2 + I / a, is Gaussian
 * with mean A^-1 Phi^T y / s2 and covariance A^-1 (Phi^T Phi / s2 + I / a) A^-1 = A^-1: an exact
 * posterior sample. The members run together: the gradient of all K losses is
 * G W - H with G = A (F x F) and H = Phi^T (y + E) / s2 + W0 / a (F x K).
 */
public final class SampleThenOptimise {
  private final int featureCount;
  private final double noiseVariance;
  private final DMatrixRMaj hessian;   // G = Phi_seen^T Phi_seen / s2 + I / a
  private final DMatrixRMaj linear;    // H = Phi_seen^T (y + E)_seen / s2 + W0 / a
  private final DMatrixRMaj weights;   // W, F x K: the members' current weights
  private final DMatrixRMaj targetNoise; // E, N x K: each member's fixed perturbation of every target
  private long totalSteps;

  /**
   * K members of the model with no data seen yet: their weights are their prior draws W0. Data
   * enter with {@link #addData}; {@link #optimise} then moves every member to its new optimum.
   */
  public SampleThenOptimise(int featureCount, int dataCount, double priorVariance, double noiseVariance, int members,
      RandomStream rng) {
    if (featureCount < 1) throw new IllegalArgumentException("feature count must be positive, got " + featureCount);
    if (members < 1) throw new IllegalArgumentException("members (K) must be positive, got " + members);
    if (dataCount < 0) throw new IllegalArgumentException("data count must be >= 0, got " + dataCount);
    BayesianLinearModel.requirePositive(priorVariance, "prior variance");
    BayesianLinearModel.requirePositive(noiseVariance, "noise variance");
    this.featureCount = featureCount;
    this.noiseVariance = noiseVariance;
    this.hessian = CommonOps_DDRM.identity(featureCount);
    CommonOps_DDRM.scale(1 / priorVariance, hessian);
    Matrix w0 = rng.child("prior").gaussian(featureCount, members);
    this.weights = w0.toEjml();
    CommonOps_DDRM.scale(Math.sqrt(priorVariance), weights);
    this.linear = weights.copy();
    CommonOps_DDRM.scale(1 / priorVariance, linear);
    this.targetNoise = rng.child("targets").gaussian(Math.max(1, dataCount), members).toEjml();
    CommonOps_DDRM.scale(Math.sqrt(noiseVariance), targetNoise);
  }

  /** Trains an ensemble on all of {@code model}'s data: K posterior samples, F x K. */
  public static Matrix posteriorSamples(BayesianLinearModel model, int members, RandomStream rng,
      GradientDescent settings) {
    requireOneOutput(model);
    SampleThenOptimise s = new SampleThenOptimise(model.featureCount(), model.size(), model.priorVariance(),
        model.noiseVariance(), members, rng);
    for (int i = 0; i < model.size(); i++) s.addData(model, i);
    s.optimise(settings);
    return s.weights();
  }

  static void requireOneOutput(BayesianLinearModel model) {
    if (model.targets().cols() != 1) {
      throw new IllegalArgumentException("sample-then-optimise takes one output column, got "
          + model.targets().cols());
    }
  }

  public int members() {
    return weights.numCols;
  }

  /** Gradient descent steps taken so far, over all calls of {@link #optimise}. */
  public long totalSteps() {
    return totalSteps;
  }

  /** The members' weights now, F x K (a copy). */
  public Matrix weights() {
    return Matrix.fromEjml(weights.copy());
  }

  /** Adds datum {@code i} of {@code model} (with each member's own perturbation of y_i) to every member's loss. */
  public void addData(BayesianLinearModel model, int i) {
    if (model.featureCount() != featureCount) {
      throw new IllegalArgumentException("the model has " + model.featureCount() + " features, the ensemble "
          + featureCount);
    }
    if (i < 0 || i >= targetNoise.numRows || i >= model.size()) {
      throw new IllegalArgumentException("datum " + i + " is outside the " + targetNoise.numRows
          + " data the ensemble drew noise for");
    }
    double[] phi = new double[featureCount];
    System.arraycopy(model.features().data(), i * featureCount, phi, 0, featureCount);
    double y = model.targets().get(i, 0);
    int k = members();
    for (int a = 0; a < featureCount; a++) {
      for (int b = 0; b < featureCount; b++) hessian.add(a, b, phi[a] * phi[b] / noiseVariance);
      double pa = phi[a] / noiseVariance;
      for (int m = 0; m < k; m++) linear.add(a, m, pa * (y + targetNoise.get(i, m)));
    }
  }

  /**
   * Gradient descent on every member's loss from its current weights, with step 1 / lambda_max(G),
   * until the gradient norm falls to the tolerance times its norm at the start; returns the steps
   * taken. Throws if it has not converged after {@code maxSteps}.
   */
  public int optimise(GradientDescent settings) {
    double step = 1 / largestEigenvalue(hessian);
    DMatrixRMaj grad = new DMatrixRMaj(featureCount, members());
    gradient(grad);
    double start = CommonOps_DDRM.elementSum(squares(grad));
    double target = settings.tolerance() * settings.tolerance() * start;
    int steps = 0;
    double now = start;
    while (now > target && now > 0) {
      if (steps == settings.maxSteps()) {
        throw new IllegalStateException("gradient descent did not converge in " + steps + " steps: relative"
            + " gradient " + Math.sqrt(now / start) + " > " + settings.tolerance());
      }
      CommonOps_DDRM.addEquals(weights, -step, grad);
      gradient(grad);
      now = CommonOps_DDRM.elementSum(squares(grad));
      steps++;
    }
    totalSteps += steps;
    return steps;
  }

  /**
   * Moves every member straight to its optimum, W = G^-1 H by a Cholesky solve: the point
   * {@link #optimise} converges to, in O(F^3 + F^2 K) instead of many gradient steps.
   */
  public void solveExactly() {
    var solver = org.ejml.dense.row.factory.LinearSolverFactory_DDRM.chol(featureCount);
    if (!solver.setA(hessian.copy())) throw new IllegalStateException("the loss's Hessian is not positive definite");
    DMatrixRMaj w = new DMatrixRMaj(featureCount, members());
    solver.solve(linear.copy(), w);
    weights.setTo(w);
  }

  private void gradient(DMatrixRMaj out) {
    CommonOps_DDRM.mult(hessian, weights, out);
    CommonOps_DDRM.subtractEquals(out, linear);
  }

  private static DMatrixRMaj squares(DMatrixRMaj m) {
    DMatrixRMaj s = m.copy();
    CommonOps_DDRM.elementMult(s, m);
    return s;
  }

  /** lambda_max of a symmetric positive definite matrix, from its symmetric eigen-decomposition. */
  static double largestEigenvalue(DMatrixRMaj spd) {
    var eig = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(spd.numRows, false, true);
    if (!eig.decompose(spd.copy())) throw new IllegalStateException("eigen-decomposition failed");
    double max = 0;
    for (int i = 0; i < spd.numRows; i++) max = Math.max(max, eig.getEigenvalue(i).getReal());
    return max;
  }
}
