package bms.spark.sgpr;

import java.io.Serializable;

/**
 * The sufficient statistics of the collapsed SGPR bound (Gal, van der Wilk and Rasmussen 2014):
 * with Kuf the M x n cross-covariance of a set of rows,
 * <pre>
 *   psi = sum Kuf Kfu (M x M),  phi = sum Kuf y (M x P),  yy = sum y'y,  kdiag = sum diag Kff,  n.
 * </pre>
 * They are sums over rows, so partitions compute their own and {@link #add} merges them in any
 * tree. Plain arrays: this is what travels from the executors to the driver.
 */
public final class SgprStatistics implements Serializable {
  private static final long serialVersionUID = 1L;
  final int m;
  final int p;
  final double[] psi;
  final double[] phi;
  double yy;
  double kdiag;
  long n;

  private SgprStatistics(int m, int p) {
    this.m = m;
    this.p = p;
    this.psi = new double[m * m];
    this.phi = new double[m * p];
  }

  /** Zero statistics for M inducing variables and P outputs. */
  public static SgprStatistics zero(int m, int p) {
    return new SgprStatistics(m, p);
  }

  /** Adds {@code other} into this and returns this (Spark lets aggregations reuse their left argument). */
  public SgprStatistics add(SgprStatistics other) {
    if (other.m != m || other.p != p) {
      throw new IllegalArgumentException("cannot add statistics of M=" + other.m + ", P=" + other.p + " to M=" + m
          + ", P=" + p);
    }
    for (int i = 0; i < psi.length; i++) psi[i] += other.psi[i];
    for (int i = 0; i < phi.length; i++) phi[i] += other.phi[i];
    yy += other.yy;
    kdiag += other.kdiag;
    n += other.n;
    return this;
  }

  public long n() {
    return n;
  }

  public int numInducing() {
    return m;
  }

  public int numOutputs() {
    return p;
  }

  /** Bytes of the arrays that travel per partition and per tree level: (M^2 + M P + 3) doubles. */
  public long payloadBytes() {
    return 8L * (psi.length + phi.length + 3);
  }
}
