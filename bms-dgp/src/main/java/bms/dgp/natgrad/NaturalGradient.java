package bms.dgp.natgrad;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.optim.LearningRateSchedule;
import bms.core.optim.NonFiniteObjectiveException;
import bms.core.optim.ParameterVector;
import bms.core.param.IdentityBijector;
import bms.core.param.LowerTriangularBijector;
import bms.core.param.Module;
import bms.core.param.Parameter;
import bms.core.param.PositiveBijector;
import bms.dgp.variational.QForm;
import bms.dgp.variational.VariationalGaussian;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Natural-gradient ascent on the variational distributions q(u) of a model (Salimbeni,
 * Eleftheriadis and Hensman 2018): each latent GP's q = N(m, R R^T) of every
 * {@link VariationalGaussian} it is given takes the step of {@link GaussianNaturalStep}, with a
 * step size gamma_t from a schedule. Works for any bound and any likelihood, whitened or not
 * (the step only needs dL/dm and dL/dR), and for every layer of a deep GP. Everything else is
 * left to another optimiser: {@link #otherParameters} is what Adam should train in the hybrid
 * scheme ({@link bms.dgp.training.Trainer#hybrid}).
 *
 * <p>A step that would leave a covariance not positive definite (possible for non-conjugate
 * likelihoods when gamma is large) is retried with half the step size for that latent GP, at
 * most {@value #MAX_HALVINGS} times, and logged.
 */
public final class NaturalGradient {
  private static final Logger LOG = LoggerFactory.getLogger(NaturalGradient.class);
  static final int MAX_HALVINGS = 30;

  private final List<VariationalGaussian> targets;
  private final Map<String, VariationalGaussian> names;
  private LearningRateSchedule schedule = LearningRateSchedule.constant(0.1);
  private QParameterisation parameterisation = QParameterisation.NATURAL;
  private long halvings;

  /** Steps on the given distributions (names are used in error messages). */
  public NaturalGradient(Map<String, VariationalGaussian> targets) {
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("natural gradients need at least one variational distribution q(u)");
    }
    this.names = new LinkedHashMap<>(targets);
    this.targets = List.copyOf(targets.values());
    for (Map.Entry<String, VariationalGaussian> e : names.entrySet()) checkSupported(e.getKey(), e.getValue());
  }

  /** Every {@link VariationalGaussian} under {@code model} (the q of an SVGP, of each deep-GP layer). */
  public static NaturalGradient forModel(Module model) {
    Map<String, VariationalGaussian> found = new LinkedHashMap<>();
    collect("", model, found, Collections.newSetFromMap(new IdentityHashMap<>()));
    if (found.isEmpty()) {
      throw new IllegalArgumentException(model.getClass().getSimpleName() + " holds no variational distribution q(u)");
    }
    return new NaturalGradient(found);
  }

  private static void collect(String path, Module m, Map<String, VariationalGaussian> out, Set<Module> seen) {
    if (!seen.add(m)) return;
    if (m instanceof VariationalGaussian q) {
      out.put(path, q);
      return;
    }
    m.children().forEach((name, child) -> collect(path.isEmpty() ? name : path + "." + name, child, out, seen));
  }

  /** A constant step size gamma (default 0.1). */
  public NaturalGradient stepSize(double gamma) {
    this.schedule = LearningRateSchedule.constant(gamma);
    return this;
  }

  /** The step size of each step (steps count from 1), e.g. {@link LearningRateSchedule#logLinearRamp}. */
  public NaturalGradient schedule(LearningRateSchedule schedule) {
    this.schedule = java.util.Objects.requireNonNull(schedule, "schedule");
    return this;
  }

  public NaturalGradient parameterisation(QParameterisation how) {
    this.parameterisation = java.util.Objects.requireNonNull(how, "parameterisation");
    return this;
  }

  public QParameterisation parameterisation() {
    return parameterisation;
  }

  public LearningRateSchedule schedule() {
    return schedule;
  }

  public List<VariationalGaussian> targets() {
    return targets;
  }

  /** How many times a step has been halved so far (a covariance would have become indefinite). */
  public long halvings() {
    return halvings;
  }

  /** The trainable parameters of {@code model} that these steps do not move: what Adam trains in the hybrid. */
  public ParameterVector otherParameters(Module model) {
    Set<Parameter> mine = Collections.newSetFromMap(new IdentityHashMap<>());
    for (VariationalGaussian q : targets) {
      mine.add(q.qMu());
      mine.add(q.qSqrt());
    }
    Map<String, Parameter> rest = new LinkedHashMap<>();
    model.trainableParameters().forEach((path, p) -> {
      if (!mine.contains(p)) rest.put(path, p);
    });
    return new ParameterVector(rest);
  }

  /** Whether {@code p} is one of the parameters these steps move. */
  public boolean moves(Parameter p) {
    for (VariationalGaussian q : targets) {
      if (q.qMu() == p || q.qSqrt() == p) return true;
    }
    return false;
  }

  /**
   * Evaluates {@code bound} (to be maximised), differentiates it and takes step {@code step}
   * (counting from 1, for the schedule). Returns the bound before the step.
   */
  public double step(Supplier<Var> bound, long step) {
    Var value = bound.get();
    if (!value.value().isScalar()) {
      throw new IllegalArgumentException("the bound must be 1x1, got " + value.value().shapeString());
    }
    Gradients grads = Gradients.of(value);
    requireFinite(value.scalar(), grads, "natural-gradient step " + step);
    apply(grads, step);
    return value.scalar();
  }

  /**
   * Throws a {@link NonFiniteObjectiveException} naming the first q parameter whose gradient (in
   * {@code grads}, of the bound) is not finite, or if the bound is not.
   */
  public void requireFinite(double bound, Gradients grads, String where) {
    for (Map.Entry<String, VariationalGaussian> e : names.entrySet()) {
      for (Parameter p : List.of(e.getValue().qMu(), e.getValue().qSqrt())) {
        int bad = grads.get(p.leaf()).firstNonFinite();
        if (bad >= 0) {
          String path = e.getKey() + (p == e.getValue().qMu() ? ".q_mu" : ".q_sqrt");
          throw new NonFiniteObjectiveException(where + ": the gradient of " + path + " is not finite", path);
        }
      }
    }
    if (!Double.isFinite(bound)) {
      throw new NonFiniteObjectiveException(where + ": the bound is " + bound, null);
    }
  }

  /**
   * Moves every q by one step of size {@code schedule.rate(step)}, using {@code grads}, the
   * gradients of the bound (not of a loss) at the current values.
   */
  public void apply(Gradients grads, long step) {
    double gamma = schedule.rate(step);
    if (!(gamma > 0) || !Double.isFinite(gamma)) {
      throw new IllegalArgumentException("natural-gradient step-size schedule gave " + gamma + " at step " + step);
    }
    // Read every gradient and value first, then write: the steps are simultaneous.
    List<Matrix[]> updates = new ArrayList<>();
    for (VariationalGaussian q : targets) updates.add(update(q, grads, gamma, step));
    for (int i = 0; i < targets.size(); i++) targets.get(i).assign(updates.get(i)[0], updates.get(i)[1]);
  }

  private Matrix[] update(VariationalGaussian q, Gradients grads, double gamma, long step) {
    int m = q.numInducing();
    int k = q.numLatent();
    Matrix mu = q.qMu().value();
    Matrix gMu = grads.get(q.qMu().leaf());
    Matrix sqrt = q.qSqrt().value();
    Matrix gSqrt = constrainedSqrtGradient(q, grads.get(q.qSqrt().leaf()));
    Matrix muNew = new Matrix(m, k);
    Matrix sqrtNew = new Matrix(sqrt.rows(), sqrt.cols());
    for (int b = 0; b < k; b++) {
      double[] mb = column(mu, b);
      double[] gmb = column(gMu, b);
      double g = gamma;
      for (int tries = 0; ; tries++) {
        if (q.form() == QForm.FULL) {
          double[] r = block(sqrt, b, m);
          GaussianNaturalStep.Full s = GaussianNaturalStep.full(mb, r, gmb, block(gSqrt, b, m), g, parameterisation);
          if (s != null) {
            setColumn(muNew, b, s.mean());
            System.arraycopy(s.sqrt(), 0, sqrtNew.data(), b * m * m, m * m);
            break;
          }
        } else {
          double[][] s = GaussianNaturalStep.diagonal(mb, column(sqrt, b), gmb, column(gSqrt, b), g, parameterisation);
          if (s != null) {
            setColumn(muNew, b, s[0]);
            setColumn(sqrtNew, b, s[1]);
            break;
          }
        }
        if (tries == MAX_HALVINGS) {
          throw new IllegalStateException("natural-gradient step " + step + ": latent " + b + "'s covariance is not"
              + " positive definite even after halving the step size " + MAX_HALVINGS + " times from " + gamma);
        }
        halvings++;
        g *= 0.5;
        LOG.debug("natural-gradient step {}: latent {} would lose positive definiteness; step size halved to {}", step,
            b, g);
      }
    }
    return new Matrix[] {muNew, sqrtNew};
  }

  /**
   * dL/dR from the gradient of q_sqrt's unconstrained leaf: the lower-triangular mask passes the
   * lower triangle through; the mean-field softplus divides by its slope sigmoid(u).
   */
  static Matrix constrainedSqrtGradient(VariationalGaussian q, Matrix leafGrad) {
    if (q.form() == QForm.FULL) return leafGrad;
    Matrix u = q.qSqrt().unconstrained();
    Matrix out = new Matrix(u.rows(), u.cols());
    for (int i = 0; i < u.size(); i++) {
      double sigmoid = 1.0 / (1.0 + Math.exp(-u.data()[i]));
      out.data()[i] = leafGrad.data()[i] / sigmoid;
    }
    return out;
  }

  private static void checkSupported(String name, VariationalGaussian q) {
    String where = name.isEmpty() ? "q" : name;
    if (!(q.qMu().bijector() instanceof IdentityBijector)) {
      throw new IllegalArgumentException(where + ".q_mu must be unconstrained for natural gradients");
    }
    boolean ok = q.form() == QForm.FULL ? q.qSqrt().bijector() instanceof LowerTriangularBijector
        : q.qSqrt().bijector() instanceof PositiveBijector pb && pb.lower() == 0.0;
    if (!ok) {
      throw new IllegalArgumentException(where + ".q_sqrt has bijector " + q.qSqrt().bijector().describe()
          + "; natural gradients need the standard lower-triangular (full) or softplus (mean-field) one");
    }
    if (!q.qMu().trainable() || !q.qSqrt().trainable()) {
      throw new IllegalArgumentException(where + " is fixed (q_mu or q_sqrt not trainable); leave it out of the"
          + " natural-gradient targets");
    }
  }

  private static double[] column(Matrix a, int c) {
    double[] out = new double[a.rows()];
    for (int i = 0; i < out.length; i++) out[i] = a.data()[i * a.cols() + c];
    return out;
  }

  private static void setColumn(Matrix a, int c, double[] v) {
    for (int i = 0; i < v.length; i++) a.data()[i * a.cols() + c] = v[i];
  }

  private static double[] block(Matrix stacked, int b, int m) {
    double[] out = new double[m * m];
    System.arraycopy(stacked.data(), b * m * m, out, 0, m * m);
    return out;
  }
}
