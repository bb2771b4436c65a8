package bms.core.autodiff;

import bms.core.matrix.Matrix;
import java.util.List;

/** Broadcasting add, subtract, multiply and divide, and scalar affine maps. */
final class Arithmetic {
  private Arithmetic() {}

  /**
   * The element-wise operations, as cases of one switch rather than lambdas: a lambda per
   * operation made the shared loop megamorphic, one interface call per element, which showed as
   * a tenth of the Java time of an SVGP step (the lengthscale division of the inputs).
   */
  private enum Kind { ADD, SUB, MUL, DIV }

  private static Matrix combine(String op, Matrix a, Matrix b, Kind kind) {
    int[] s = Broadcast.resultShape(op, a, b);
    int rows = s[0], cols = s[1];
    Matrix out = new Matrix(rows, cols);
    double[] o = out.data();
    if (a.sameShape(b)) {
      apply(kind, o, 0, o.length, a.data(), 0, 1, b.data(), 0, 1);
      return out;
    }
    // Per operand: the offset of row i and the step along a row (0 where it broadcasts).
    int xRow = a.rows() == 1 ? 0 : a.cols(), xStep = a.cols() == 1 ? 0 : 1;
    int yRow = b.rows() == 1 ? 0 : b.cols(), yStep = b.cols() == 1 ? 0 : 1;
    for (int i = 0; i < rows; i++) {
      apply(kind, o, i * cols, cols, a.data(), i * xRow, xStep, b.data(), i * yRow, yStep);
    }
    return out;
  }

  /** o[oi + j] = x[xi + j xs] (op) y[yi + j ys] for j < n. */
  private static void apply(Kind kind, double[] o, int oi, int n, double[] x, int xi, int xs, double[] y, int yi,
      int ys) {
    if (xs == 1 && ys == 0) {
      applyRowScalar(kind, o, oi, n, x, xi, y[yi]);
      return;
    }
    if (xs == 1 && ys == 1) {
      applyContiguous(kind, o, oi, n, x, xi, y, yi);
      return;
    }
    switch (kind) {
      case ADD -> {
        for (int j = 0; j < n; j++) o[oi + j] = x[xi + j * xs] + y[yi + j * ys];
      }
      case SUB -> {
        for (int j = 0; j < n; j++) o[oi + j] = x[xi + j * xs] - y[yi + j * ys];
      }
      case MUL -> {
        for (int j = 0; j < n; j++) o[oi + j] = x[xi + j * xs] * y[yi + j * ys];
      }
      case DIV -> {
        for (int j = 0; j < n; j++) o[oi + j] = x[xi + j * xs] / y[yi + j * ys];
      }
    }
  }

  /**
   * o[oi + j] = x[xi + j] (op) c: the common broadcast of a matrix against a scalar or a column
   * (inputs over a shared lengthscale). Unit and zero strides written out let the JIT vectorise;
   * the operations and their order per element are those of the general loop.
   */
  private static void applyRowScalar(Kind kind, double[] o, int oi, int n, double[] x, int xi, double c) {
    switch (kind) {
      case ADD -> {
        for (int j = 0; j < n; j++) o[oi + j] = x[xi + j] + c;
      }
      case SUB -> {
        for (int j = 0; j < n; j++) o[oi + j] = x[xi + j] - c;
      }
      case MUL -> {
        for (int j = 0; j < n; j++) o[oi + j] = x[xi + j] * c;
      }
      case DIV -> {
        for (int j = 0; j < n; j++) o[oi + j] = x[xi + j] / c;
      }
    }
  }

  /** o[oi + j] = x[xi + j] (op) y[yi + j]: same shapes or a broadcast row, unit strides. */
  private static void applyContiguous(Kind kind, double[] o, int oi, int n, double[] x, int xi, double[] y, int yi) {
    switch (kind) {
      case ADD -> {
        for (int j = 0; j < n; j++) o[oi + j] = x[xi + j] + y[yi + j];
      }
      case SUB -> {
        for (int j = 0; j < n; j++) o[oi + j] = x[xi + j] - y[yi + j];
      }
      case MUL -> {
        for (int j = 0; j < n; j++) o[oi + j] = x[xi + j] * y[yi + j];
      }
      case DIV -> {
        for (int j = 0; j < n; j++) o[oi + j] = x[xi + j] / y[yi + j];
      }
    }
  }

  static Var add(Var a, Var b) {
    Matrix out = combine("add", a.value(), b.value(), Kind.ADD);
    return Var.op("add", out, (g, sink) -> {
      if (sink.wants(a)) sink.accumulate(a, Broadcast.reduceTo(g, a.rows(), a.cols()));
      if (sink.wants(b)) sink.accumulate(b, Broadcast.reduceTo(g, b.rows(), b.cols()));
    }, a, b);
  }

  static Var sub(Var a, Var b) {
    Matrix out = combine("sub", a.value(), b.value(), Kind.SUB);
    return Var.op("sub", out, (g, sink) -> {
      if (sink.wants(a)) sink.accumulate(a, Broadcast.reduceTo(g, a.rows(), a.cols()));
      if (sink.wants(b)) sink.accumulate(b, negate(Broadcast.reduceTo(g, b.rows(), b.cols())));
    }, a, b);
  }

  static Var mul(Var a, Var b) {
    Matrix out = combine("mul", a.value(), b.value(), Kind.MUL);
    return Var.op("mul", out, (g, sink) -> {
      if (sink.wants(a)) {
        sink.accumulate(a, productReducedTo(g, b.value(), a.rows(), a.cols()));
      }
      if (sink.wants(b)) {
        sink.accumulate(b, productReducedTo(g, a.value(), b.rows(), b.cols()));
      }
    }, a, b);
  }

  static Var div(Var a, Var b) {
    Matrix out = combine("div", a.value(), b.value(), Kind.DIV);
    return Var.op("div", out, (g, sink) -> {
      if (sink.wants(a)) {
        Matrix ga = combine("div", g, b.value(), Kind.DIV);
        sink.accumulate(a, Broadcast.reduceTo(ga, a.rows(), a.cols()));
      }
      if (sink.wants(b)) {
        // d(a/b)/db = -(a/b)/b = -out/b: reduce g * out over the broadcast dimensions first,
        // then divide by the (smaller) b, in one pass over the full matrix.
        Matrix gb = productReducedTo(g, out, b.rows(), b.cols());
        double[] gd = gb.data(), bd = b.value().data();
        for (int i = 0; i < gd.length; i++) gd[i] = -gd[i] / bd[i];
        sink.accumulate(b, gb);
      }
    }, a, b);
  }

  /**
   * reduceTo(g .* x, rows, cols) in one pass, without the full product: g has the result shape
   * of the operation, x broadcasts against it, and the sum runs over the dimensions where the
   * target (rows x cols) is 1.
   */
  static Matrix productReducedTo(Matrix g, Matrix x, int rows, int cols) {
    int gr = g.rows(), gc = g.cols();
    if (rows == gr && cols == gc) {
      return combine("mul", g, x, Kind.MUL);
    }
    Matrix out = new Matrix(rows, cols);
    double[] o = out.data(), gd = g.data(), xd = x.data();
    int xRow = x.rows() == 1 ? 0 : x.cols(), xStep = x.cols() == 1 ? 0 : 1;
    for (int i = 0; i < gr; i++) {
      int gi = i * gc, xi = i * xRow, oi = rows == 1 ? 0 : i * cols;
      if (cols == 1) {
        double s0 = 0, s1 = 0;
        int j = 0;
        for (; j + 1 < gc; j += 2) {
          s0 += gd[gi + j] * xd[xi + j * xStep];
          s1 += gd[gi + j + 1] * xd[xi + (j + 1) * xStep];
        }
        if (j < gc) s0 += gd[gi + j] * xd[xi + j * xStep];
        o[oi] += s0 + s1;
      } else {
        for (int j = 0; j < gc; j++) o[oi + j] += gd[gi + j] * xd[xi + j * xStep];
      }
    }
    return out;
  }

  static Var scale(Var a, double c) {
    Matrix out = scaled(a.value(), c);
    return Var.op("scale", out, (g, sink) -> sink.accumulate(a, scaled(g, c)), a);
  }

  static Var addScalar(Var a, double c) {
    Matrix out = a.value().copy();
    double[] o = out.data();
    for (int i = 0; i < o.length; i++) o[i] += c;
    return Var.op("addScalar", out, (g, sink) -> sink.accumulate(a, g), a);
  }

  static Var sumAll(List<Var> terms) {
    if (terms.isEmpty()) {
      throw new IllegalArgumentException("sumAll: no terms");
    }
    Var[] parts = terms.toArray(new Var[0]);
    Matrix out = parts[0].value().copy();
    for (int k = 1; k < parts.length; k++) {
      Matrix.requireSameShape("sumAll term " + k, out, parts[k].value());
      double[] o = out.data();
      double[] d = parts[k].value().data();
      for (int i = 0; i < o.length; i++) o[i] += d[i];
    }
    return Var.op("sumAll", out, (g, sink) -> {
      for (Var p : parts) sink.accumulate(p, g);
    }, parts);
  }

  static Matrix scaled(Matrix m, double c) {
    Matrix out = new Matrix(m.rows(), m.cols());
    double[] o = out.data();
    double[] d = m.data();
    for (int i = 0; i < o.length; i++) o[i] = c * d[i];
    return out;
  }

  static Matrix negate(Matrix m) {
    return scaled(m, -1.0);
  }
}
