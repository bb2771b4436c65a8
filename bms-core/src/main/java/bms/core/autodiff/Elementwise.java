package bms.core.autodiff;

import bms.core.matrix.Matrix;

/** Element-wise functions, each with its derivative written in terms of x and y = f(x). */
final class Elementwise {
  private Elementwise() {}

  private interface Fn {
    double apply(double x);
  }

  /** dy/dx given x and y. */
  private interface Deriv {
    double apply(double x, double y);
  }

  private static Var unary(String name, Var a, Fn f, Deriv d) {
    double[] x = a.value().data();
    Matrix out = new Matrix(a.rows(), a.cols());
    double[] y = out.data();
    for (int i = 0; i < y.length; i++) y[i] = f.apply(x[i]);
    return Var.op(name, out, (g, sink) -> {
      Matrix ga = new Matrix(a.rows(), a.cols());
      double[] gd = ga.data();
      double[] gg = g.data();
      for (int i = 0; i < gd.length; i++) gd[i] = gg[i] * d.apply(x[i], y[i]);
      sink.accumulate(a, ga);
    }, a);
  }

  static Var exp(Var a) {
    return unary("exp", a, Math::exp, (x, y) -> y);
  }

  static Var log(Var a) {
    return unary("log", a, Math::log, (x, y) -> 1.0 / x);
  }

  static Var log1p(Var a) {
    return unary("log1p", a, Math::log1p, (x, y) -> 1.0 / (1.0 + x));
  }

  static Var sqrt(Var a) {
    return unary("sqrt", a, Math::sqrt, (x, y) -> 0.5 / y);
  }

  static Var square(Var a) {
    return unary("square", a, x -> x * x, (x, y) -> 2.0 * x);
  }

  static Var pow(Var a, double p) {
    return unary("pow", a, x -> Math.pow(x, p), (x, y) -> p == 0 ? 0.0 : p * Math.pow(x, p - 1));
  }

  static Var reciprocal(Var a) {
    return unary("reciprocal", a, x -> 1.0 / x, (x, y) -> -y * y);
  }

  static Var softplus(Var a) {
    return unary("softplus", a, Elementwise::softplus, (x, y) -> sigmoid(x));
  }

  static Var sigmoid(Var a) {
    return unary("sigmoid", a, Elementwise::sigmoid, (x, y) -> y * (1.0 - y));
  }

  static Var tanh(Var a) {
    return unary("tanh", a, Math::tanh, (x, y) -> 1.0 - y * y);
  }

  static Var abs(Var a) {
    return unary("abs", a, Math::abs, (x, y) -> Math.signum(x));
  }

  static Var sin(Var a) {
    return unary("sin", a, Math::sin, (x, y) -> Math.cos(x));
  }

  static Var cos(Var a) {
    return unary("cos", a, Math::cos, (x, y) -> -Math.sin(x));
  }

  /** log(1 + e^x) without overflow for large |x|. */
  static double softplus(double x) {
    return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
  }

  static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }
}
