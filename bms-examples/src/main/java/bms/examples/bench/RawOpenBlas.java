package bms.examples.bench;

import static org.bytedeco.openblas.global.openblas.CblasColMajor;
import static org.bytedeco.openblas.global.openblas.CblasLeft;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasNonUnit;
import static org.bytedeco.openblas.global.openblas.CblasRight;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.CblasUpper;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotrf_work;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas.cblas_dtrsm;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;

/**
 * The ceiling: OpenBLAS called directly on off-heap memory that is allocated once, with no
 * Java arrays and no copies. Each call is the exact column-major call the OpenBLAS backend
 * makes for the same row-major operation.
 */
final class RawOpenBlas implements AutoCloseable {
  private final int n;
  private final DoublePointer a;
  private final DoublePointer b;
  private final DoublePointer c;

  RawOpenBlas(int n) {
    Loader.load(org.bytedeco.openblas.global.openblas.class);
    this.n = n;
    long size = (long) n * n;
    a = new DoublePointer(size);
    b = new DoublePointer(size);
    c = new DoublePointer(size);
  }

  static String version() {
    Loader.load(org.bytedeco.openblas.global.openblas.class);
    return org.bytedeco.openblas.global.openblas.OPENBLAS_VERSION.trim();
  }

  void putA(double[] d) {
    a.put(d, 0, d.length);
  }

  void putB(double[] d) {
    b.put(d, 0, d.length);
  }

  void putC(double[] d) {
    c.put(d, 0, d.length);
  }

  /** C = A B (row-major), i.e. C^T = B^T A^T column-major. */
  void gemmNN() {
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, b, n, a, n, 0.0, c, n);
  }

  /** C = A^T B (row-major): the product in the Cholesky backward. */
  void gemmTN() {
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasTrans, n, n, n, 1.0, b, n, a, n, 0.0, c, n);
  }

  /** Cholesky of A in place (row-major lower = column-major upper); returns LAPACK's info. */
  int potrfA() {
    return LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, (byte) 'U', n, a, n);
  }

  /** B = L^-1 B with L = lower(A), row-major (column-major: B^T = B^T L^-T, a right solve). */
  void trsmLeftLower() {
    cblas_dtrsm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, n, n, 1.0, a, n, b, n);
  }

  /** C = L^-T C with L = lower(A), row-major. */
  void trsmLeftLowerTransOnC() {
    cblas_dtrsm(CblasColMajor, CblasRight, CblasUpper, CblasTrans, CblasNonUnit, n, n, 1.0, a, n, c, n);
  }

  /** C = C L^-1 with L = lower(A), row-major. */
  void trsmRightLowerOnC() {
    cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, n, n, 1.0, a, n, c, n);
  }

  @Override
  public void close() {
    a.deallocate();
    b.deallocate();
    c.deallocate();
  }
}
