package bms.core.autodiff;

import bms.core.matrix.Matrix;
import java.util.List;

/** Broadcasting add, subtract, multiply and divide, and scalar affine maps. */
final class Arithmetic {
  private Arithmetic() {}

  private interface Combine {
    double apply(double x, double y);
  }

  private static Matrix combine(String op, Matrix a, Matrix b, Combine f) {
    int[] s = Broadcast.resultShape(op, a, b);
    Matrix out = new Matrix(s[0], s[1]);
    double[] o = out.data();
    double[] x = a.data();
    double[] y = b.data();
    if (a.sameShape(b)) {
      for (int i = 0; i < o.length; i++) o[i] = f.apply(x[i], y[i]);
      return out;
    }
    for (int i = 0; i < s[0]; i++) {
      for (int j = 0; j < s[1]; j++) {
        o[i * s[1] + j] = f.apply(x[Broadcast.index(a, i, j)], y[Broadcast.index(b, i, j)]);
      }
    }
    return out;
  }

  static Var add(Var a, Var b) {
    Matrix out = combine("add", a.value(), b.value(), Double::sum);
    return Var.op("add", out, (g, sink) -> {
      if (sink.wants(a)) sink.accumulate(a, Broadcast.reduceTo(g, a.rows(), a.cols()));
      if (sink.wants(b)) sink.accumulate(b, Broadcast.reduceTo(g, b.rows(), b.cols()));
    }, a, b);
  }

  static Var sub(Var a, Var b) {
    Matrix out = combine("sub", a.value(), b.value(), (x, y) -> x - y);
    return Var.op("sub", out, (g, sink) -> {
      if (sink.wants(a)) sink.accumulate(a, Broadcast.reduceTo(g, a.rows(), a.cols()));
      if (sink.wants(b)) sink.accumulate(b, negate(Broadcast.reduceTo(g, b.rows(), b.cols())));
    }, a, b);
  }

  static Var mul(Var a, Var b) {
    Matrix out = combine("mul", a.value(), b.value(), (x, y) -> x * y);
    return Var.op("mul", out, (g, sink) -> {
      if (sink.wants(a)) {
        Matrix ga = combine("mul", g, b.value(), (x, y) -> x * y);
        sink.accumulate(a, Broadcast.reduceTo(ga, a.rows(), a.cols()));
      }
      if (sink.wants(b)) {
        Matrix gb = combine("mul", g, a.value(), (x, y) -> x * y);
        sink.accumulate(b, Broadcast.reduceTo(gb, b.rows(), b.cols()));
      }
    }, a, b);
  }

  static Var div(Var a, Var b) {
    Matrix out = combine("div", a.value(), b.value(), (x, y) -> x / y);
    return Var.op("div", out, (g, sink) -> {
      if (sink.wants(a)) {
        Matrix ga = combine("div", g, b.value(), (x, y) -> x / y);
        sink.accumulate(a, Broadcast.reduceTo(ga, a.rows(), a.cols()));
      }
      if (sink.wants(b)) {
        // d(a/b)/db = -(a/b)/b = -out/b
        Matrix q = combine("div", out, b.value(), (x, y) -> x / y);
        Matrix gb = combine("mul", g, q, (x, y) -> -x * y);
        sink.accumulate(b, Broadcast.reduceTo(gb, b.rows(), b.cols()));
      }
    }, a, b);
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
