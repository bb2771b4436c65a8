package bms.core.autodiff;

import bms.core.matrix.Matrix;

/**
 * Element-wise functions, each with its derivative written in terms of x and y = f(x). Each
 * function is a case of one switch with its own loop, rather than a lambda called per element:
 * a shared loop over lambdas becomes megamorphic once a few functions have run, and then pays
 * an interface call per element (as {@link Arithmetic} found for the binary operations).
 */
final class Elementwise {
  private Elementwise() {}

  private enum Fn { EXP, LOG, LOG1P, SQRT, SQUARE, RECIPROCAL, SOFTPLUS, SIGMOID, TANH, ABS, SIN, COS }

  private static Var unary(String name, Var a, Fn f) {
    double[] x = a.value().data();
    Matrix out = new Matrix(a.rows(), a.cols());
    double[] y = out.data();
    forward(f, x, y);
    return Var.op(name, out, (g, sink) -> {
      Matrix ga = new Matrix(a.rows(), a.cols());
      derivative(f, g.data(), x, y, ga.data());
      sink.accumulate(a, ga);
    }, a);
  }

  private static void forward(Fn f, double[] x, double[] y) {
    int n = y.length;
    switch (f) {
      case EXP -> { for (int i = 0; i < n; i++) y[i] = Math.exp(x[i]); }
      case LOG -> { for (int i = 0; i < n; i++) y[i] = Math.log(x[i]); }
      case LOG1P -> { for (int i = 0; i < n; i++) y[i] = Math.log1p(x[i]); }
      case SQRT -> { for (int i = 0; i < n; i++) y[i] = Math.sqrt(x[i]); }
      case SQUARE -> { for (int i = 0; i < n; i++) y[i] = x[i] * x[i]; }
      case RECIPROCAL -> { for (int i = 0; i < n; i++) y[i] = 1.0 / x[i]; }
      case SOFTPLUS -> { for (int i = 0; i < n; i++) y[i] = softplus(x[i]); }
      case SIGMOID -> { for (int i = 0; i < n; i++) y[i] = sigmoid(x[i]); }
      case TANH -> { for (int i = 0; i < n; i++) y[i] = Math.tanh(x[i]); }
      case ABS -> { for (int i = 0; i < n; i++) y[i] = Math.abs(x[i]); }
      case SIN -> { for (int i = 0; i < n; i++) y[i] = Math.sin(x[i]); }
      case COS -> { for (int i = 0; i < n; i++) y[i] = Math.cos(x[i]); }
    }
  }

  /** gx[i] = g[i] * dy/dx at x[i] (with y[i] = f(x[i])). */
  private static void derivative(Fn f, double[] g, double[] x, double[] y, double[] gx) {
    int n = gx.length;
    switch (f) {
      case EXP -> { for (int i = 0; i < n; i++) gx[i] = g[i] * y[i]; }
      case LOG -> { for (int i = 0; i < n; i++) gx[i] = g[i] * (1.0 / x[i]); }
      case LOG1P -> { for (int i = 0; i < n; i++) gx[i] = g[i] * (1.0 / (1.0 + x[i])); }
      case SQRT -> { for (int i = 0; i < n; i++) gx[i] = g[i] * (0.5 / y[i]); }
      case SQUARE -> { for (int i = 0; i < n; i++) gx[i] = g[i] * (2.0 * x[i]); }
      case RECIPROCAL -> { for (int i = 0; i < n; i++) gx[i] = g[i] * (-y[i] * y[i]); }
      case SOFTPLUS -> { for (int i = 0; i < n; i++) gx[i] = g[i] * sigmoid(x[i]); }
      case SIGMOID -> { for (int i = 0; i < n; i++) gx[i] = g[i] * (y[i] * (1.0 - y[i])); }
      case TANH -> { for (int i = 0; i < n; i++) gx[i] = g[i] * (1.0 - y[i] * y[i]); }
      case ABS -> { for (int i = 0; i < n; i++) gx[i] = g[i] * Math.signum(x[i]); }
      case SIN -> { for (int i = 0; i < n; i++) gx[i] = g[i] * Math.cos(x[i]); }
      case COS -> { for (int i = 0; i < n; i++) gx[i] = g[i] * -Math.sin(x[i]); }
    }
  }

  static Var exp(Var a) {
    return unary("exp", a, Fn.EXP);
  }

  static Var log(Var a) {
    return unary("log", a, Fn.LOG);
  }

  static Var log1p(Var a) {
    return unary("log1p", a, Fn.LOG1P);
  }

  static Var sqrt(Var a) {
    return unary("sqrt", a, Fn.SQRT);
  }

  static Var square(Var a) {
    return unary("square", a, Fn.SQUARE);
  }

  /** {@code x^p}: its own loops, as p is a parameter of the function. */
  static Var pow(Var a, double p) {
    double[] x = a.value().data();
    Matrix out = new Matrix(a.rows(), a.cols());
    double[] y = out.data();
    for (int i = 0; i < y.length; i++) y[i] = Math.pow(x[i], p);
    return Var.op("pow", out, (g, sink) -> {
      Matrix ga = new Matrix(a.rows(), a.cols());
      double[] gd = ga.data(), gg = g.data();
      for (int i = 0; i < gd.length; i++) gd[i] = gg[i] * (p == 0 ? 0.0 : p * Math.pow(x[i], p - 1));
      sink.accumulate(a, ga);
    }, a);
  }

  static Var reciprocal(Var a) {
    return unary("reciprocal", a, Fn.RECIPROCAL);
  }

  static Var softplus(Var a) {
    return unary("softplus", a, Fn.SOFTPLUS);
  }

  static Var sigmoid(Var a) {
    return unary("sigmoid", a, Fn.SIGMOID);
  }

  static Var tanh(Var a) {
    return unary("tanh", a, Fn.TANH);
  }

  static Var abs(Var a) {
    return unary("abs", a, Fn.ABS);
  }

  static Var sin(Var a) {
    return unary("sin", a, Fn.SIN);
  }

  static Var cos(Var a) {
    return unary("cos", a, Fn.COS);
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
