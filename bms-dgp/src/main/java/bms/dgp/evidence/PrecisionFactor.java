package bms.dgp.evidence;

/**
 * The lower Cholesky factor L of a precision matrix A = L L^T, updated in O(F^2) when a rank-one
 * term v v^T is added (the LINPACK dchud recurrence: a sequence of Givens rotations). It holds
 * the posterior precision of a Bayesian linear model as data arrive one point at a time.
 */
final class PrecisionFactor {
  private final int dim;
  private final double[] l; // row-major dim x dim, lower triangle

  /** A = I / priorVariance. */
  PrecisionFactor(int dim, double priorVariance) {
    if (dim < 1) throw new IllegalArgumentException("dimension must be positive, got " + dim);
    if (!(priorVariance > 0) || Double.isInfinite(priorVariance)) {
      throw new IllegalArgumentException("prior variance must be positive and finite, got " + priorVariance);
    }
    this.dim = dim;
    this.l = new double[dim * dim];
    double d = 1 / Math.sqrt(priorVariance);
    for (int i = 0; i < dim; i++) l[i * dim + i] = d;
  }

  int dim() {
    return dim;
  }

  /** A += v v^T. {@code v} is not changed. */
  void addOuter(double[] v) {
    double[] w = v.clone();
    for (int k = 0; k < dim; k++) {
      double lkk = l[k * dim + k];
      double r = Math.hypot(lkk, w[k]);
      double c = r / lkk;
      double s = w[k] / lkk;
      l[k * dim + k] = r;
      for (int i = k + 1; i < dim; i++) {
        double lik = (l[i * dim + k] + s * w[i]) / c;
        w[i] = c * w[i] - s * lik;
        l[i * dim + k] = lik;
      }
    }
  }

  /** L^-1 b. */
  double[] solveLower(double[] b) {
    double[] x = b.clone();
    for (int i = 0; i < dim; i++) {
      double s = x[i];
      int ri = i * dim;
      for (int t = 0; t < i; t++) s -= l[ri + t] * x[t];
      x[i] = s / l[ri + i];
    }
    return x;
  }

  /** L^-T b. */
  double[] solveUpper(double[] b) {
    double[] x = b.clone();
    for (int i = dim - 1; i >= 0; i--) {
      double s = x[i];
      for (int t = i + 1; t < dim; t++) s -= l[t * dim + i] * x[t];
      x[i] = s / l[i * dim + i];
    }
    return x;
  }

  /** A^-1 b. */
  double[] solve(double[] b) {
    return solveUpper(solveLower(b));
  }

  /** log det A = 2 sum log diag L. */
  double logDet() {
    double s = 0;
    for (int i = 0; i < dim; i++) s += Math.log(l[i * dim + i]);
    return 2 * s;
  }
}
