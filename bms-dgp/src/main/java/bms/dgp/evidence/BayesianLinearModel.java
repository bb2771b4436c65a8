package bms.dgp.evidence;

import bms.core.matrix.Matrix;
import bms.dgp.data.DataChecks;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * Bayesian linear regression on fixed features: y = Phi w + e, w ~ N(0, a I), e ~ N(0, s2 I),
 * with Phi the N x F feature matrix and Y N x P (the P columns share Phi, a and s2 and have
 * independent weights). The posterior is N(mu, S) with precision A = S^-1 = Phi^T Phi / s2 + I / a
 * and mean mu = A^-1 Phi^T Y / s2; the evidence is log N(y | 0, a Phi Phi^T + s2 I) per column.
 *
 * <p>This is the model sample-then-optimise and the training-speed estimator are exact for
 * (Matthews et al. 2017; Lyle et al. 2020), and also the weight-space view of a sparse GP: with
 * Phi = (Lu^-1 Kuf)^T and a = 1, a Phi Phi^T = Qff, the Nystrom (DTC) covariance.
 */
public final class BayesianLinearModel {
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private final Matrix features;
  private final Matrix targets;
  private final double priorVariance;
  private final double noiseVariance;

  public BayesianLinearModel(Matrix features, Matrix targets, double priorVariance, double noiseVariance) {
    DataChecks.requireData(features, "features");
    DataChecks.requireData(targets, "targets");
    DataChecks.requireSameRows(features, "features", targets, "targets");
    requirePositive(priorVariance, "prior variance");
    requirePositive(noiseVariance, "noise variance");
    this.features = features;
    this.targets = targets;
    this.priorVariance = priorVariance;
    this.noiseVariance = noiseVariance;
  }

  static void requirePositive(double v, String name) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
    }
  }

  public Matrix features() {
    return features;
  }

  public Matrix targets() {
    return targets;
  }

  public double priorVariance() {
    return priorVariance;
  }

  public double noiseVariance() {
    return noiseVariance;
  }

  public int size() {
    return features.rows();
  }

  public int featureCount() {
    return features.cols();
  }

  /** The posterior precision A = Phi^T Phi / s2 + I / a, F x F. */
  public Matrix posteriorPrecision() {
    DMatrixRMaj phi = features.toEjml();
    DMatrixRMaj a = new DMatrixRMaj(featureCount(), featureCount());
    CommonOps_DDRM.multTransA(1 / noiseVariance, phi, phi, a);
    for (int i = 0; i < featureCount(); i++) a.add(i, i, 1 / priorVariance);
    return Matrix.fromEjml(a);
  }

  /** The posterior covariance S = A^-1, F x F. */
  public Matrix posteriorCovariance() {
    DMatrixRMaj a = posteriorPrecision().toEjml();
    DMatrixRMaj inv = new DMatrixRMaj(a.numRows, a.numCols);
    if (!CommonOps_DDRM.invertSPD(a, inv)) {
      throw new IllegalStateException("the posterior precision is not positive definite");
    }
    return Matrix.fromEjml(inv);
  }

  /** The posterior mean mu = A^-1 Phi^T Y / s2, F x P. */
  public Matrix posteriorMean() {
    DMatrixRMaj rhs = new DMatrixRMaj(featureCount(), targets.cols());
    CommonOps_DDRM.multTransA(1 / noiseVariance, features.toEjml(), targets.toEjml(), rhs);
    DMatrixRMaj mu = new DMatrixRMaj(featureCount(), targets.cols());
    CommonOps_DDRM.mult(posteriorCovariance().toEjml(), rhs, mu);
    return Matrix.fromEjml(mu);
  }

  /**
   * log p(Y) in closed form, summed over columns. By the matrix determinant lemma and Woodbury,
   * with b = Phi^T y / s2: log N(y | 0, a Phi Phi^T + s2 I) = -N/2 log(2 pi s2) - ||y||^2 / (2 s2)
   * + b^T A^-1 b / 2 - log det A / 2 - F/2 log a.
   */
  public double logMarginalLikelihood() {
    int n = size(), f = featureCount(), p = targets.cols();
    DMatrixRMaj a = posteriorPrecision().toEjml();
    CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(f, true);
    if (!chol.decompose(a)) throw new IllegalStateException("the posterior precision is not positive definite");
    DMatrixRMaj l = chol.getT(null);
    double logDetA = 0;
    for (int i = 0; i < f; i++) logDetA += 2 * Math.log(l.get(i, i));
    DMatrixRMaj b = new DMatrixRMaj(f, p);
    CommonOps_DDRM.multTransA(1 / noiseVariance, features.toEjml(), targets.toEjml(), b);
    DMatrixRMaj x = new DMatrixRMaj(f, p); // A^-1 b
    CommonOps_DDRM.mult(posteriorCovariance().toEjml(), b, x);
    CommonOps_DDRM.elementMult(x, b);
    double quad = CommonOps_DDRM.elementSum(x);
    double yy = 0;
    for (double v : targets.data()) yy += v * v;
    return -0.5 * n * p * (LOG_2PI + Math.log(noiseVariance)) - yy / (2 * noiseVariance) + 0.5 * quad
        - 0.5 * p * logDetA - 0.5 * p * f * Math.log(priorVariance);
  }

  /**
   * log N(y*_n | phi*_n^T mu, phi*_n^T S phi*_n + s2) for each row of the new features and
   * targets, summed over output columns: N* x 1.
   */
  public Matrix predictiveLogDensity(Matrix newFeatures, Matrix newTargets) {
    DataChecks.requireData(newFeatures, "new features");
    DataChecks.requireData(newTargets, "new targets");
    DataChecks.requireSameRows(newFeatures, "new features", newTargets, "new targets");
    DataChecks.requireCols(newFeatures, "new features", featureCount(), "the model has that many features");
    DataChecks.requireCols(newTargets, "new targets", targets.cols(), "the model has that many outputs");
    Matrix mu = posteriorMean();
    DMatrixRMaj cov = posteriorCovariance().toEjml();
    int n = newFeatures.rows(), f = featureCount(), p = targets.cols();
    Matrix out = new Matrix(n, 1);
    double[] phi = new double[f];
    double[] sphi = new double[f];
    for (int i = 0; i < n; i++) {
      System.arraycopy(newFeatures.data(), i * f, phi, 0, f);
      for (int a = 0; a < f; a++) {
        double v = 0;
        for (int b = 0; b < f; b++) v += cov.get(a, b) * phi[b];
        sphi[a] = v;
      }
      double var = dot(phi, sphi) + noiseVariance;
      double s = 0;
      for (int c = 0; c < p; c++) {
        double mean = 0;
        for (int a = 0; a < f; a++) mean += phi[a] * mu.get(a, c);
        double r = newTargets.get(i, c) - mean;
        s += -0.5 * (LOG_2PI + Math.log(var)) - 0.5 * r * r / var;
      }
      out.set(i, 0, s);
    }
    return out;
  }

  /**
   * The one-step-ahead terms log p(y_i | y_earlier) in the given order, by rank-one updates of the
   * precision's Cholesky factor: O(N F^2) in all, never a refit. Their sum is
   * {@link #logMarginalLikelihood} for every order.
   */
  public PrequentialEvidence prequential(int[] order) {
    return sequentialPass(order).evidence();
  }

  /**
   * Lyle et al.'s (2020) lower bound on each prequential term, in closed form:
   * E_{p(w | y_earlier)} log N(y_i | phi_i^T w, s2) = log N(y_i | phi_i^T mu, s2) - phi_i^T S phi_i / (2 s2),
   * below log p(y_i | y_earlier) by Jensen. Their sum lower-bounds the log evidence; the
   * training-speed estimator ({@link TrainingSpeed}) is an unbiased Monte Carlo estimate of it.
   */
  public double[] expectedLogLikelihoodTerms(int[] order) {
    return sequentialPass(order).expectedLogLik();
  }

  private record Pass(PrequentialEvidence evidence, double[] expectedLogLik) {}

  private Pass sequentialPass(int[] order) {
    int n = size(), f = featureCount(), p = targets.cols();
    Orders.requirePermutation(order, n);
    PrecisionFactor a = new PrecisionFactor(f, priorVariance);
    double[][] b = new double[p][f]; // Phi_earlier^T y_earlier / s2, per column
    double[] terms = new double[n];
    double[] expected = new double[n];
    double[] phi = new double[f];
    for (int t = 0; t < n; t++) {
      int i = order[t];
      System.arraycopy(features.data(), i * f, phi, 0, f);
      double[] u = a.solveLower(phi);
      double varF = dot(u, u); // phi^T A^-1 phi
      double varY = varF + noiseVariance;
      double term = 0;
      double exp = 0;
      for (int c = 0; c < p; c++) {
        double mean = dot(phi, a.solve(b[c]));
        double r = targets.get(i, c) - mean;
        term += -0.5 * (LOG_2PI + Math.log(varY)) - 0.5 * r * r / varY;
        exp += -0.5 * (LOG_2PI + Math.log(noiseVariance)) - 0.5 * (r * r + varF) / noiseVariance;
      }
      terms[t] = term;
      expected[t] = exp;
      double scale = 1 / Math.sqrt(noiseVariance);
      double[] v = new double[f];
      for (int k = 0; k < f; k++) v[k] = phi[k] * scale;
      a.addOuter(v);
      for (int c = 0; c < p; c++) {
        double yc = targets.get(i, c) / noiseVariance;
        for (int k = 0; k < f; k++) b[c][k] += phi[k] * yc;
      }
    }
    return new Pass(new PrequentialEvidence(order, terms), expected);
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
}
