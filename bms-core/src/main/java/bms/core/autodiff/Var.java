package bms.core.autodiff;

import bms.core.linalg.JitterPolicy;
import bms.core.matrix.Matrix;
import java.util.List;

/**
 * A node of the reverse-mode autodiff graph: one whole matrix (never one node per scalar), the
 * operation that made it, and how to pass gradients back to its inputs.
 *
 * <p>Graphs are built by running ordinary code ({@code x.matmul(w).add(b).exp()}), and
 * differentiated with {@link Gradients#of(Var)}. Nodes are immutable; a node whose inputs need
 * no gradient keeps no backward function, so constant sub-expressions cost nothing on the way
 * back.
 */
public final class Var {
  private static final Var[] NO_PARENTS = new Var[0];

  private final Matrix value;
  private final Var[] parents;
  private final BackwardFn backward;
  private final boolean requiresGrad;
  private final String op;
  private final String name;

  private Var(Matrix value, Var[] parents, BackwardFn backward, boolean requiresGrad, String op, String name) {
    this.value = value;
    this.parents = parents;
    this.backward = backward;
    this.requiresGrad = requiresGrad;
    this.op = op;
    this.name = name;
  }

  // ---------------------------------------------------------------- leaves

  /** A leaf that gradients are computed for (a parameter or an input we differentiate by). */
  public static Var variable(Matrix value) {
    return new Var(value, NO_PARENTS, null, true, "variable", null);
  }

  /** A named leaf that gradients are computed for. */
  public static Var variable(Matrix value, String name) {
    return new Var(value, NO_PARENTS, null, true, "variable", name);
  }

  /** A leaf that gradients are not computed for (data). */
  public static Var constant(Matrix value) {
    return new Var(value, NO_PARENTS, null, false, "constant", null);
  }

  public static Var constant(double value) {
    return constant(Matrix.scalar(value));
  }

  /**
   * Makes an interior node. Used by the operation classes; new operations outside this package
   * use it too. When no parent needs a gradient the backward function is dropped.
   */
  public static Var op(String op, Matrix value, BackwardFn backward, Var... parents) {
    boolean any = false;
    for (Var p : parents) {
      any |= p.requiresGrad;
    }
    if (!any) {
      return new Var(value, NO_PARENTS, null, false, op, null);
    }
    return new Var(value, parents.clone(), backward, true, op, null);
  }

  // ---------------------------------------------------------------- accessors

  public Matrix value() {
    return value;
  }

  public int rows() {
    return value.rows();
  }

  public int cols() {
    return value.cols();
  }

  /** The value of a 1x1 node. */
  public double scalar() {
    return value.scalarValue();
  }

  public boolean requiresGrad() {
    return requiresGrad;
  }

  public boolean isLeaf() {
    return parents.length == 0;
  }

  public String opName() {
    return op;
  }

  /** The name given at creation, or null. */
  public String name() {
    return name;
  }

  Var[] parents() {
    return parents;
  }

  BackwardFn backwardFn() {
    return backward;
  }

  /** A detached copy: same value, no gradient flows through it. */
  public Var detach() {
    return constant(value);
  }

  /** For error messages: the op, the name if any, and the shape. */
  public String describe() {
    return (name != null ? name + " " : "") + "(" + op + ", " + value.shapeString() + ")";
  }

  @Override
  public String toString() {
    return "Var" + describe();
  }

  // ---------------------------------------------------------------- arithmetic (broadcasting)

  /** Element-wise sum; shapes broadcast over a dimension of size 1 (row, column or scalar). */
  public Var add(Var other) {
    return Arithmetic.add(this, other);
  }

  public Var sub(Var other) {
    return Arithmetic.sub(this, other);
  }

  public Var mul(Var other) {
    return Arithmetic.mul(this, other);
  }

  public Var div(Var other) {
    return Arithmetic.div(this, other);
  }

  public Var neg() {
    return Arithmetic.scale(this, -1.0);
  }

  public Var addScalar(double c) {
    return Arithmetic.addScalar(this, c);
  }

  public Var mulScalar(double c) {
    return Arithmetic.scale(this, c);
  }

  public Var divScalar(double c) {
    if (c == 0.0 || Double.isNaN(c)) {
      throw new IllegalArgumentException("divScalar: divisor is " + c + " for " + describe());
    }
    return Arithmetic.scale(this, 1.0 / c);
  }

  /** {@code c - this}. */
  public Var rsubScalar(double c) {
    return Arithmetic.addScalar(Arithmetic.scale(this, -1.0), c);
  }

  // ---------------------------------------------------------------- element-wise functions

  public Var exp() {
    return Elementwise.exp(this);
  }

  public Var log() {
    return Elementwise.log(this);
  }

  public Var log1p() {
    return Elementwise.log1p(this);
  }

  public Var sqrt() {
    return Elementwise.sqrt(this);
  }

  public Var square() {
    return Elementwise.square(this);
  }

  /** {@code x^p} element-wise. */
  public Var pow(double p) {
    return Elementwise.pow(this, p);
  }

  public Var reciprocal() {
    return Elementwise.reciprocal(this);
  }

  /** {@code log(1 + exp(x))}, computed without overflow. */
  public Var softplus() {
    return Elementwise.softplus(this);
  }

  public Var sigmoid() {
    return Elementwise.sigmoid(this);
  }

  public Var tanh() {
    return Elementwise.tanh(this);
  }

  /** |x|; the derivative at 0 is taken as 0. */
  public Var abs() {
    return Elementwise.abs(this);
  }

  public Var sin() {
    return Elementwise.sin(this);
  }

  public Var cos() {
    return Elementwise.cos(this);
  }

  // ---------------------------------------------------------------- reductions

  /** Sum of all entries (1x1). */
  public Var sum() {
    return Reductions.sum(this);
  }

  /** Sum of the squared entries (1x1), in one pass. */
  public Var sumOfSquares() {
    return Reductions.sumOfSquares(this);
  }

  public Var mean() {
    return Reductions.mean(this);
  }

  /** Sum of each row: n x 1. */
  public Var rowSums() {
    return Reductions.rowSums(this);
  }

  /** Sum of each column: 1 x m. */
  public Var colSums() {
    return Reductions.colSums(this);
  }

  public Var rowMeans() {
    return Reductions.rowSums(this).divScalar(cols());
  }

  public Var colMeans() {
    return Reductions.colSums(this).divScalar(rows());
  }

  /** {@code log(sum(exp(x)))} over all entries, stable. */
  public Var logSumExp() {
    return Reductions.logSumExp(this);
  }

  /** {@code log(sum_j exp(x_ij))} for each row: n x 1. */
  public Var rowLogSumExp() {
    return Reductions.rowLogSumExp(this);
  }

  /** {@code log(sum_i exp(x_ij))} for each column: 1 x m. */
  public Var colLogSumExp() {
    if (rows() == 0) {
      throw new IllegalArgumentException("colLogSumExp needs at least one row, got " + describe());
    }
    return Reductions.rowLogSumExp(this.t()).t();
  }

  /**
   * Averages groups of {@code groupSize} consecutive rows: (G*groupSize) x m to G x m. Rows are
   * laid out item-major, so row {@code g * groupSize + s} is sample s of item g.
   */
  public Var groupMean(int groupSize) {
    return Reductions.groupMean(this, groupSize);
  }

  // ---------------------------------------------------------------- structure

  public Var t() {
    return Structural.transpose(this);
  }

  public Var reshape(int rows, int cols) {
    return Structural.reshape(this, rows, cols);
  }

  /** Rows [r0, r1) and columns [c0, c1). */
  public Var slice(int r0, int r1, int c0, int c1) {
    return Structural.slice(this, r0, r1, c0, c1);
  }

  public Var sliceRows(int r0, int r1) {
    return Structural.slice(this, r0, r1, 0, cols());
  }

  public Var sliceCols(int c0, int c1) {
    return Structural.slice(this, 0, rows(), c0, c1);
  }

  /** Rows picked by index (repeats allowed): the result's row i is row {@code index[i]}. */
  public Var gatherRows(int[] index) {
    return Structural.gatherRows(this, index);
  }

  /** The diagonal of a square matrix as an n x 1 column. */
  public Var diag() {
    return Structural.diag(this);
  }

  /** A diagonal n x n matrix from an n x 1 column or 1 x n row. */
  public static Var diagMatrix(Var v) {
    return Structural.diagMatrix(v);
  }

  /** Stacks vertically; all parts need the same number of columns. */
  public static Var concatRows(Var... parts) {
    return Structural.concatRows(parts);
  }

  public static Var concatRows(List<Var> parts) {
    return Structural.concatRows(parts.toArray(new Var[0]));
  }

  /** Stacks horizontally; all parts need the same number of rows. */
  public static Var concatCols(Var... parts) {
    return Structural.concatCols(parts);
  }

  public static Var concatCols(List<Var> parts) {
    return Structural.concatCols(parts.toArray(new Var[0]));
  }

  /** Sum of many nodes of one shape, as one node. */
  public static Var sumAll(List<Var> terms) {
    return Arithmetic.sumAll(terms);
  }

  // ---------------------------------------------------------------- products

  public Var matmul(Var other) {
    return Products.matmul(this, other, false, false);
  }

  /** {@code op(this) op(other)} with either side transposed. */
  public Var matmul(Var other, boolean transThis, boolean transOther) {
    return Products.matmul(this, other, transThis, transOther);
  }

  /** {@code this^T other}. */
  public Var tmatmul(Var other) {
    return Products.matmul(this, other, true, false);
  }

  /** {@code this other^T}. */
  public Var matmult(Var other) {
    return Products.matmul(this, other, false, true);
  }

  /**
   * Pairwise squared Euclidean distances between the rows of {@code this} (n x d) and of
   * {@code other} (m x d): n x m, via |x|^2 + |z|^2 - 2 x z^T clamped at zero. Passing the same
   * node twice gives an exactly zero diagonal.
   */
  public Var squaredDistances(Var other) {
    return Products.squaredDistances(this, other);
  }

  // ---------------------------------------------------------------- linear algebra

  /**
   * Lower Cholesky factor, with the default jitter policy. The input is treated as symmetric:
   * its gradient is the symmetric one.
   */
  public Var cholesky() {
    return LinalgOps.cholesky(this, JitterPolicy.defaultPolicy(), "matrix");
  }

  /** Lower Cholesky factor; {@code what} names the matrix in logs and errors (e.g. "Kuu"). */
  public Var cholesky(JitterPolicy policy, String what) {
    return LinalgOps.cholesky(this, policy, what);
  }

  /**
   * Solves {@code op(this) X = b} for X, where this is triangular (lower or upper) and op is the
   * identity or the transpose.
   */
  public Var solveTriangular(Var b, boolean lower, boolean transpose) {
    return LinalgOps.solveTriangular(this, b, lower, transpose);
  }

  /** {@code log|A|} given this = chol(A): {@code 2 sum(log(diag(this)))}. */
  public Var logDetFromCholesky() {
    return LinalgOps.logDetFromCholesky(this);
  }
}
