package bms.core.optim;

import bms.core.param.Module;

/**
 * Limited-memory BFGS (Nocedal and Wright, Numerical Optimization, 2nd ed., Algorithm 7.5) for
 * deterministic objectives, on the unconstrained values of trainable parameters. Directions come
 * from the two-loop recursion over the last {@code memory} (s, y) pairs with the initial scaling
 * {@code s.y / y.y}; steps from a strong Wolfe line search, which also steps back from points
 * where the loss or gradient is not finite.
 *
 * <p>Stops when the largest gradient entry is at most {@code gradientTolerance}, when one step
 * lowers the loss by at most {@code relativeTolerance * max(|f_k|, |f_k+1|, 1)}, at
 * {@code maxIterations}, or when even a steepest-descent line search finds no decrease. The
 * parameters are left at the best point found.
 */
public final class Lbfgs {
  private int memory = 10;
  private int maxIterations = 1000;
  private double gradientTolerance = 1e-6;
  private double relativeTolerance = 1e-12;
  private int maxLineSearchEvaluations = 30;

  public Lbfgs memory(int m) {
    if (m < 1) throw new IllegalArgumentException("L-BFGS memory must be >= 1, got " + m);
    this.memory = m;
    return this;
  }

  public Lbfgs maxIterations(int n) {
    if (n < 0) throw new IllegalArgumentException("maxIterations must be >= 0, got " + n);
    this.maxIterations = n;
    return this;
  }

  /** Stop when max_i |g_i| <= tol (default 1e-6). */
  public Lbfgs gradientTolerance(double tol) {
    if (!(tol >= 0)) throw new IllegalArgumentException("gradientTolerance must be >= 0, got " + tol);
    this.gradientTolerance = tol;
    return this;
  }

  /** Stop when a step's loss decrease is at most tol * max(|f|, 1) (default 1e-12; 0 disables). */
  public Lbfgs relativeTolerance(double tol) {
    if (!(tol >= 0)) throw new IllegalArgumentException("relativeTolerance must be >= 0, got " + tol);
    this.relativeTolerance = tol;
    return this;
  }

  public Lbfgs maxLineSearchEvaluations(int n) {
    if (n < 1) throw new IllegalArgumentException("maxLineSearchEvaluations must be >= 1, got " + n);
    this.maxLineSearchEvaluations = n;
    return this;
  }

  /** Minimises {@code objective} over the trainable parameters of {@code model}. */
  public LbfgsResult minimise(Objective objective, Module model) {
    return minimise(objective, ParameterVector.trainable(model));
  }

  /**
   * Minimises {@code objective} over {@code params}. A non-finite loss or gradient at the start
   * throws a {@link NonFiniteObjectiveException} naming the first parameter path at fault.
   */
  public LbfgsResult minimise(Objective objective, ParameterVector params) {
    int n = params.size();
    StrongWolfeLineSearch.Fn fn = (xt, gOut) -> {
      params.setValues(xt);
      return params.valueAndGradient(objective, gOut);
    };
    StrongWolfeLineSearch lineSearch = new StrongWolfeLineSearch(1e-4, 0.9, maxLineSearchEvaluations);

    double[] x = params.values();
    double[] g = new double[n];
    double f = params.valueAndGradient(objective, g);
    params.requireFinite("L-BFGS at the starting point", f, g);
    int evaluations = 1;
    int iterations = 0;
    History history = new History(memory, n);
    LbfgsResult.Reason reason = LbfgsResult.Reason.MAX_ITERATIONS;
    try {
      if (maxNorm(g) <= gradientTolerance) {
        reason = LbfgsResult.Reason.GRADIENT_NORM;
        return new LbfgsResult(0, evaluations, f, maxNorm(g), reason);
      }
      while (iterations < maxIterations) {
        double[] d = history.direction(g);
        boolean steepest = history.isEmpty();
        if (!(StrongWolfeLineSearch.dot(d, g) < 0)) {
          // Lost descent (rounding in the curvature pairs): restart from steepest descent.
          history.clear();
          d = history.direction(g);
          steepest = true;
        }
        // Without curvature information a unit step has no natural scale: start at |step| = 1.
        double alpha0 = steepest ? Math.min(1.0, 1.0 / norm2(d)) : 1.0;
        StrongWolfeLineSearch.Result ls = lineSearch.search(fn, x, f, g, d, alpha0);
        evaluations += ls.evaluations();
        if (ls.point() == null) {
          if (!steepest) {
            history.clear();
            continue;
          }
          reason = LbfgsResult.Reason.LINE_SEARCH_FAILED;
          break;
        }
        StrongWolfeLineSearch.Point p = ls.point();
        history.add(x, p.x(), g, p.g());
        double fOld = f;
        x = p.x();
        g = p.g();
        f = p.f();
        iterations++;
        if (maxNorm(g) <= gradientTolerance) {
          reason = LbfgsResult.Reason.GRADIENT_NORM;
          break;
        }
        if (fOld - f <= relativeTolerance * Math.max(Math.max(Math.abs(fOld), Math.abs(f)), 1.0)) {
          reason = LbfgsResult.Reason.RELATIVE_CHANGE;
          break;
        }
      }
      return new LbfgsResult(iterations, evaluations, f, maxNorm(g), reason);
    } finally {
      // The last line-search trial may not be the accepted point.
      params.setValues(x);
    }
  }

  /** The last m curvature pairs s = x_k+1 - x_k, y = g_k+1 - g_k, in a ring buffer. */
  private static final class History {
    private final double[][] s;
    private final double[][] y;
    private final double[] rho;
    private final double[] a;
    private int start;
    private int count;

    History(int m, int n) {
      s = new double[m][n];
      y = new double[m][n];
      rho = new double[m];
      a = new double[m];
    }

    boolean isEmpty() {
      return count == 0;
    }

    void clear() {
      count = 0;
      start = 0;
    }

    /** Keeps the pair only when s.y > 0, which keeps the implied Hessian positive definite. */
    void add(double[] x0, double[] x1, double[] g0, double[] g1) {
      int m = s.length;
      double sy = 0;
      double ss = 0;
      double yy = 0;
      for (int i = 0; i < x0.length; i++) {
        double si = x1[i] - x0[i];
        double yi = g1[i] - g0[i];
        sy += si * yi;
        ss += si * si;
        yy += yi * yi;
      }
      if (!(sy > 1e-12 * Math.sqrt(ss * yy))) return;
      int slot = (start + count) % m;
      for (int i = 0; i < x0.length; i++) {
        s[slot][i] = x1[i] - x0[i];
        y[slot][i] = g1[i] - g0[i];
      }
      rho[slot] = 1.0 / sy;
      if (count < m) {
        count++;
      } else {
        start = (start + 1) % m;
      }
    }

    /** d = -H g by the two-loop recursion; -g when empty. */
    double[] direction(double[] g) {
      int m = s.length;
      double[] q = g.clone();
      for (int j = count - 1; j >= 0; j--) {
        int k = (start + j) % m;
        a[k] = rho[k] * StrongWolfeLineSearch.dot(s[k], q);
        axpy(-a[k], y[k], q);
      }
      if (count > 0) {
        int newest = (start + count - 1) % m;
        double gamma = 1.0 / (rho[newest] * StrongWolfeLineSearch.dot(y[newest], y[newest]));
        for (int i = 0; i < q.length; i++) q[i] *= gamma;
      }
      for (int j = 0; j < count; j++) {
        int k = (start + j) % m;
        double b = rho[k] * StrongWolfeLineSearch.dot(y[k], q);
        axpy(a[k] - b, s[k], q);
      }
      for (int i = 0; i < q.length; i++) q[i] = -q[i];
      return q;
    }

    private static void axpy(double alpha, double[] x, double[] y) {
      for (int i = 0; i < y.length; i++) y[i] += alpha * x[i];
    }
  }

  private static double maxNorm(double[] v) {
    double m = 0;
    for (double x : v) m = Math.max(m, Math.abs(x));
    return m;
  }

  private static double norm2(double[] v) {
    return Math.sqrt(StrongWolfeLineSearch.dot(v, v));
  }
}
