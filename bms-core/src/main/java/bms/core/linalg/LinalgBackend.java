package bms.core.linalg;

import bms.core.matrix.Matrix;

/**
 * The heavy dense kernels that everything else is built on: matrix products, symmetric rank-k
 * updates, Cholesky factorisation and triangular solves with a matrix right-hand side.
 *
 * <p>Implementations: {@link EjmlBackend} (pure Java, always available), an OpenBLAS backend
 * (native, through JavaCPP) and a GPU backend. All matrices are row-major {@link Matrix}
 * values; an implementation may copy them to its own memory but must leave inputs unchanged
 * except the documented output argument.
 */
public interface LinalgBackend {

  /** A short name for logs and benchmarks, such as "ejml" or "openblas". */
  String name();

  /**
   * {@code c = alpha * op(a) * op(b) + beta * c}, where {@code op(x)} is {@code x} or its
   * transpose. {@code c} must already have the result's shape. When {@code beta == 0} the old
   * contents of {@code c} are ignored (NaN included).
   */
  void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c);

  /**
   * Symmetric rank-k update {@code c = alpha * a * a^T + beta * c} ({@code transA == false}) or
   * {@code c = alpha * a^T * a + beta * c}. Both triangles of {@code c} are written.
   */
  void syrk(boolean transA, double alpha, Matrix a, double beta, Matrix c);

  /**
   * Lower Cholesky factorisation in place: on success {@code a} holds L with {@code a = L L^T}
   * (the strict upper triangle set to zero) and the result is true. Returns false, with
   * {@code a} in an unspecified state, when the matrix is not numerically positive definite.
   * Only the lower triangle of the input is read.
   */
  boolean potrf(Matrix a);

  /**
   * Triangular solve with a matrix right-hand side, in place of {@code b}: {@code op(t) X =
   * alpha * b} when {@code left}, else {@code X op(t) = alpha * b}. {@code t} is lower triangular
   * when {@code lower}, else upper; only that triangle is read.
   */
  void trsm(boolean left, boolean lower, boolean transT, double alpha, Matrix t, Matrix b);
}
