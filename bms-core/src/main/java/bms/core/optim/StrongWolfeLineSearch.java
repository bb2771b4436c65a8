package bms.core.optim;

/**
 * A line search along a descent direction d for a step alpha satisfying the strong Wolfe
 * conditions (Nocedal and Wright, Numerical Optimization, 2nd ed., Algorithms 3.5 and 3.6):
 *
 * <pre>
 *   f(x + alpha d) <= f(x) + c1 alpha g.d          (sufficient decrease)
 *   |g(x + alpha d).d| <= c2 |g.d|                 (curvature)
 * </pre>
 *
 * A trial point whose loss or gradient is not finite, or whose evaluation throws an
 * {@link ArithmeticException} (such as a failed Cholesky), counts as "too far": it closes the
 * bracket from above and the step shrinks by bisection towards the last good point.
 */
final class StrongWolfeLineSearch {
  /** Loss at x, gradient written into gOut; may throw ArithmeticException. */
  interface Fn {
    double evaluate(double[] x, double[] gOut);
  }

  /** A trial step; {@code bad} when the loss or gradient there is not finite. */
  record Point(double alpha, double f, double dphi, double[] x, double[] g, boolean bad) {}

  /**
   * The accepted point (null when no step decreased the loss), whether it met both Wolfe
   * conditions or only sufficient decrease, and the evaluations spent.
   */
  record Result(Point point, boolean wolfe, int evaluations) {}

  private static final double EXPAND = 4.0;
  private static final double MAX_STEP = 1e20;
  private final double c1;
  private final double c2;
  private final int maxEvaluations;

  StrongWolfeLineSearch(double c1, double c2, int maxEvaluations) {
    if (!(0 < c1 && c1 < c2 && c2 < 1)) {
      throw new IllegalArgumentException("Wolfe constants need 0 < c1 < c2 < 1, got c1=" + c1 + " c2=" + c2);
    }
    this.c1 = c1;
    this.c2 = c2;
    this.maxEvaluations = maxEvaluations;
  }

  private final class Search {
    final Fn fn;
    final double[] x0;
    final double[] d;
    final double f0;
    final double dg0;
    int evaluations;

    Search(Fn fn, double[] x0, double f0, double[] g0, double[] d) {
      this.fn = fn;
      this.x0 = x0;
      this.d = d;
      this.f0 = f0;
      this.dg0 = dot(g0, d);
    }

    Point at(double alpha) {
      evaluations++;
      double[] x = new double[x0.length];
      for (int i = 0; i < x.length; i++) x[i] = x0[i] + alpha * d[i];
      if (ParameterVector.firstNonFinite(x) >= 0) {
        return new Point(alpha, Double.POSITIVE_INFINITY, Double.NaN, x, null, true);
      }
      double[] g = new double[x0.length];
      double f;
      try {
        f = fn.evaluate(x, g);
      } catch (ArithmeticException e) {
        return new Point(alpha, Double.POSITIVE_INFINITY, Double.NaN, x, null, true);
      }
      double dphi = dot(g, d);
      boolean bad = !Double.isFinite(f) || !Double.isFinite(dphi) || ParameterVector.firstNonFinite(g) >= 0;
      return new Point(alpha, bad ? Double.POSITIVE_INFINITY : f, dphi, x, g, bad);
    }

    boolean sufficientDecrease(Point p) {
      return !p.bad() && p.f() <= f0 + c1 * p.alpha() * dg0;
    }

    boolean curvature(Point p) {
      return Math.abs(p.dphi()) <= -c2 * dg0;
    }

    Result run(double alpha0) {
      Point prev = new Point(0, f0, dg0, x0, null, false);
      double alpha = alpha0;
      while (evaluations < maxEvaluations) {
        Point cur = at(alpha);
        if (!sufficientDecrease(cur) || (prev.alpha() > 0 && cur.f() >= prev.f())) {
          return zoom(prev, cur);
        }
        if (curvature(cur)) {
          return new Result(cur, true, evaluations);
        }
        if (cur.dphi() >= 0) {
          return zoom(cur, prev);
        }
        prev = cur;
        alpha *= EXPAND;
        if (alpha > MAX_STEP) break;
      }
      return fallback(prev);
    }

    /** lo satisfies sufficient decrease with the lowest loss so far; the minimiser lies between. */
    Result zoom(Point lo, Point hi) {
      while (evaluations < maxEvaluations) {
        double a = lo.alpha();
        double b = hi.alpha();
        double width = Math.abs(b - a);
        if (width <= 1e-15 * Math.max(Math.abs(a), Math.abs(b))) break;
        double trial = hi.bad() ? Double.NaN : cubicMinimiser(lo, hi);
        double left = Math.min(a, b) + 0.1 * width;
        double right = Math.max(a, b) - 0.1 * width;
        if (!(trial >= left && trial <= right)) trial = 0.5 * (a + b);
        Point cur = at(trial);
        if (!sufficientDecrease(cur) || cur.f() >= lo.f()) {
          hi = cur;
        } else {
          if (curvature(cur)) {
            return new Result(cur, true, evaluations);
          }
          if (cur.dphi() * (b - a) >= 0) hi = lo;
          lo = cur;
        }
      }
      return fallback(lo);
    }

    /** Out of evaluations: keep a point that decreased the loss, if any. */
    Result fallback(Point lo) {
      return new Result(lo.alpha() > 0 ? lo : null, false, evaluations);
    }
  }

  Result search(Fn fn, double[] x0, double f0, double[] g0, double[] d, double alpha0) {
    Search s = new Search(fn, x0, f0, g0, d);
    if (!(s.dg0 < 0)) {
      throw new IllegalArgumentException("line search needs a descent direction, got g.d = " + s.dg0);
    }
    return s.run(alpha0);
  }

  /** Minimiser of the cubic through (a, fa, fa') and (b, fb, fb') (N&W eq. 3.59); NaN if none. */
  static double cubicMinimiser(Point p, Point q) {
    double a = p.alpha();
    double b = q.alpha();
    double d1 = p.dphi() + q.dphi() - 3 * (p.f() - q.f()) / (a - b);
    double disc = d1 * d1 - p.dphi() * q.dphi();
    if (!(disc >= 0)) return Double.NaN;
    double d2 = Math.signum(b - a) * Math.sqrt(disc);
    return b - (b - a) * (q.dphi() + d2 - d1) / (q.dphi() - p.dphi() + 2 * d2);
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }
}
