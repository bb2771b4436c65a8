package bms.core.linalg;

import static org.bytedeco.openblas.global.openblas.CblasColMajor;
import static org.bytedeco.openblas.global.openblas.CblasLeft;
import static org.bytedeco.openblas.global.openblas.CblasLower;
import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasNonUnit;
import static org.bytedeco.openblas.global.openblas.CblasRight;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.CblasUpper;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;
import static org.bytedeco.openblas.global.openblas.LAPACKE_dpotrf_work;
import static org.bytedeco.openblas.global.openblas.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas.cblas_dsyrk;
import static org.bytedeco.openblas.global.openblas.cblas_dtrsm;

import bms.core.matrix.Matrix;
import java.util.Arrays;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;

/**
 * Native backend on OpenBLAS through JavaCPP ({@code org.bytedeco:openblas}, whose jar carries
 * the library). Create it through {@link OpenBlasProvider}, which first checks that the native
 * library loads.
 *
 * <p>Three choices make it run at the speed of the raw library:
 * <ul>
 *   <li>Operands are copied into per-thread off-heap buffers that are reused between calls
 *       ({@link OffHeapBuffers}); JavaCPP's {@code double[]} overloads copy into freshly
 *       allocated memory on every call and run at half the speed.
 *   <li>A row-major matrix is, byte for byte, the column-major storage of its transpose, so
 *       every call is made in column-major layout on transposed operands: {@code C = op(A)
 *       op(B)} becomes {@code C^T = op(B)^T op(A)^T}, with no copies or transposes.
 *   <li>Cholesky calls column-major {@code dpotrf} on the upper triangle: the row-major lower
 *       triangle of A is the column-major upper triangle of A^T = A, and the factor U with
 *       {@code A = U^T U} read back row-major is exactly L = U^T. LAPACKE's row-major entry
 *       point would transpose the whole matrix twice instead.
 * </ul>
 * The thread count is OpenBLAS's own default (one per core, or {@code OPENBLAS_NUM_THREADS}).
 * Products too small to repay the native call and the copies run on the pure-Java backend.
 */
public final class OpenBlasBackend implements LinalgBackend {
  /** Below this many multiply-adds (about a 24^3 product) the pure-Java path is faster. */
  static final long DEFAULT_SMALL_WORK = 24L * 24 * 24;

  private static final int A = 0;
  private static final int B = 1;
  private static final int C = 2;

  private final long smallWork;
  private final EjmlBackend small = new EjmlBackend();

  OpenBlasBackend() {
    this(DEFAULT_SMALL_WORK);
  }

  /** {@code smallWork = 0} sends every call to OpenBLAS (tests use this to cover the native path). */
  OpenBlasBackend(long smallWork) {
    Loader.load(org.bytedeco.openblas.global.openblas.class);
    this.smallWork = smallWork;
  }

  @Override
  public String name() {
    return "openblas";
  }

  @Override
  public void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
    Shapes.checkGemm(transA, transB, a, b, c);
    int m = c.rows();
    int n = c.cols();
    int k = transA ? a.rows() : a.cols();
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0 || alpha == 0.0) {
      scale(beta, c.data());
      return;
    }
    if ((long) m * n * k < smallWork) {
      small.gemm(transA, transB, alpha, a, b, beta, c);
      return;
    }
    OffHeapBuffers buf = OffHeapBuffers.local();
    try {
      DoublePointer pa = buf.upload(A, a.data());
      DoublePointer pb = buf.upload(B, b.data());
      // With beta == 0 BLAS does not read C, so stale buffer contents (even NaN) do not matter.
      DoublePointer pc = beta == 0.0 ? buf.get(C, c.size()) : buf.upload(C, c.data());
      // Column-major: C^T (n x m) = alpha * op(B)^T op(A)^T + beta * C^T, where the buffer of a
      // row-major X holds X^T with leading dimension X.cols.
      cblas_dgemm(CblasColMajor, transB ? CblasTrans : CblasNoTrans, transA ? CblasTrans : CblasNoTrans,
          n, m, k, alpha, pb, Math.max(1, b.cols()), pa, Math.max(1, a.cols()), beta, pc, n);
      OffHeapBuffers.download(pc, c.data());
    } finally {
      buf.trim();
    }
  }

  @Override
  public void syrk(boolean transA, double alpha, Matrix a, double beta, Matrix c) {
    Shapes.checkSyrk(transA, a, c);
    int n = c.rows();
    int k = transA ? a.rows() : a.cols();
    if (n == 0) {
      return;
    }
    if (k == 0 || alpha == 0.0) {
      scale(beta, c.data());
      return;
    }
    if ((long) n * n * k < 2 * smallWork) {
      small.syrk(transA, alpha, a, beta, c);
      return;
    }
    OffHeapBuffers buf = OffHeapBuffers.local();
    try {
      DoublePointer pa = buf.upload(A, a.data());
      DoublePointer pc = beta == 0.0 ? buf.get(C, c.size()) : buf.upload(C, c.data());
      // The buffer of a holds a^T (column-major, k x n when !transA, n x k when transA).
      // a a^T = (a^T)^T (a^T): "Trans" on the buffer; a^T a = (a^T)(a^T)^T: "NoTrans".
      // The column-major upper triangle of the symmetric C is its row-major lower triangle.
      cblas_dsyrk(CblasColMajor, CblasUpper, transA ? CblasNoTrans : CblasTrans, n, k,
          alpha, pa, Math.max(1, a.cols()), beta, pc, n);
      OffHeapBuffers.download(pc, c.data());
    } finally {
      buf.trim();
    }
    Symmetric.mirrorLowerToUpper(c.data(), n);
  }

  @Override
  public boolean potrf(Matrix a) {
    Shapes.checkSquare("potrf", a);
    int n = a.rows();
    if (n == 0) {
      return true;
    }
    if ((long) n * n * n < 3 * smallWork) {
      return small.potrf(a);
    }
    double[] d = a.data();
    OffHeapBuffers buf = OffHeapBuffers.local();
    try {
      DoublePointer p = buf.uploadTriangle(A, d, n, true);
      int info = LAPACKE_dpotrf_work(LAPACK_COL_MAJOR, (byte) 'U', n, p, n);
      if (info < 0) {
        throw new IllegalStateException("dpotrf rejected argument " + (-info) + " for a " + a.shapeString() + " matrix");
      }
      if (info > 0) {
        return false; // the leading minor of order info is not positive definite
      }
      OffHeapBuffers.downloadLowerZeroUpper(p, d, n);
    } finally {
      buf.trim();
    }
    // dpotrf lets NaN through on some code paths; a NaN factor is a failure, not a result.
    return Symmetric.diagonalPositive(d, n);
  }

  @Override
  public void trsm(boolean left, boolean lower, boolean transT, double alpha, Matrix t, Matrix b) {
    Shapes.checkTrsm(left, t, b);
    int n = t.rows();
    int r = left ? b.cols() : b.rows();
    if (n == 0 || r == 0) {
      return;
    }
    if ((long) n * n * r < 2 * smallWork) {
      small.trsm(left, lower, transT, alpha, t, b);
      return;
    }
    OffHeapBuffers buf = OffHeapBuffers.local();
    try {
      DoublePointer pt = buf.uploadTriangle(A, t.data(), n, lower);
      DoublePointer pb = buf.upload(B, b.data());
      // The buffers hold T^T (upper when T is lower) and B^T. Transposing op(T) X = alpha B
      // gives X^T op(T)^T = alpha B^T, a right-side solve, and vice versa; op(T)^T is "NoTrans"
      // on the buffer exactly when op is the identity.
      int uplo = lower ? CblasUpper : CblasLower;
      int trans = transT ? CblasTrans : CblasNoTrans;
      if (left) {
        cblas_dtrsm(CblasColMajor, CblasRight, uplo, trans, CblasNonUnit, r, n, alpha, pt, n, pb, r);
      } else {
        cblas_dtrsm(CblasColMajor, CblasLeft, uplo, trans, CblasNonUnit, n, r, alpha, pt, n, pb, n);
      }
      OffHeapBuffers.download(pb, b.data());
    } finally {
      buf.trim();
    }
  }

  private static void scale(double beta, double[] c) {
    if (beta == 0.0) {
      Arrays.fill(c, 0.0);
    } else if (beta != 1.0) {
      for (int i = 0; i < c.length; i++) c[i] *= beta;
    }
  }
}
