package bms.core.autodiff;

import bms.core.matrix.Matrix;
import java.util.Arrays;

/** Sums, means, log-sum-exp and the group mean over consecutive rows. */
final class Reductions {
  private Reductions() {}

  static Var sum(Var a) {
    double s = 0;
    for (double v : a.value().data()) s += v;
    return Var.op("sum", Matrix.scalar(s), (g, sink) ->
        sink.accumulate(a, Matrix.filled(a.rows(), a.cols(), g.scalarValue())), a);
  }

  /** sum(a .* a) in one pass, without the squared matrix (the KL's trace of a full q_sqrt). */
  static Var sumOfSquares(Var a) {
    double s = 0;
    for (double v : a.value().data()) s += v * v;
    return Var.op("sumOfSquares", Matrix.scalar(s), (g, sink) ->
        sink.accumulateFresh(a, Arithmetic.scaled(a.value(), 2.0 * g.scalarValue())), a);
  }

  static Var mean(Var a) {
    int n = a.value().size();
    if (n == 0) {
      throw new IllegalArgumentException("mean of an empty matrix " + a.describe());
    }
    return sum(a).divScalar(n);
  }

  static Var rowSums(Var a) {
    int r = a.rows(), c = a.cols();
    double[] d = a.value().data();
    Matrix out = new Matrix(r, 1);
    for (int i = 0; i < r; i++) {
      double s = 0;
      for (int j = 0; j < c; j++) s += d[i * c + j];
      out.data()[i] = s;
    }
    return Var.op("rowSums", out, (g, sink) -> {
      Matrix ga = new Matrix(r, c);
      double[] o = ga.data();
      for (int i = 0; i < r; i++) Arrays.fill(o, i * c, (i + 1) * c, g.data()[i]);
      sink.accumulate(a, ga);
    }, a);
  }

  static Var colSums(Var a) {
    int r = a.rows(), c = a.cols();
    double[] d = a.value().data();
    Matrix out = new Matrix(1, c);
    double[] o = out.data();
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < c; j++) o[j] += d[i * c + j];
    }
    return Var.op("colSums", out, (g, sink) -> {
      Matrix ga = new Matrix(r, c);
      for (int i = 0; i < r; i++) System.arraycopy(g.data(), 0, ga.data(), i * c, c);
      sink.accumulate(a, ga);
    }, a);
  }

  static Var logSumExp(Var a) {
    double[] d = a.value().data();
    if (d.length == 0) {
      throw new IllegalArgumentException("logSumExp of an empty matrix " + a.describe());
    }
    double m = Double.NEGATIVE_INFINITY;
    for (double v : d) m = Math.max(m, v);
    double s = 0;
    for (double v : d) s += Math.exp(v - m);
    double lse = Double.isInfinite(m) ? m : m + Math.log(s);
    return Var.op("logSumExp", Matrix.scalar(lse), (g, sink) -> {
      Matrix ga = new Matrix(a.rows(), a.cols());
      double gs = g.scalarValue();
      for (int i = 0; i < d.length; i++) ga.data()[i] = gs * softmaxWeight(d[i], lse);
      sink.accumulate(a, ga);
    }, a);
  }

  static Var rowLogSumExp(Var a) {
    int r = a.rows(), c = a.cols();
    if (c == 0) {
      throw new IllegalArgumentException("rowLogSumExp needs at least one column, got " + a.describe());
    }
    double[] d = a.value().data();
    Matrix out = new Matrix(r, 1);
    double[] o = out.data();
    for (int i = 0; i < r; i++) {
      double m = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) m = Math.max(m, d[i * c + j]);
      double s = 0;
      for (int j = 0; j < c; j++) s += Math.exp(d[i * c + j] - m);
      o[i] = Double.isInfinite(m) ? m : m + Math.log(s);
    }
    return Var.op("rowLogSumExp", out, (g, sink) -> {
      Matrix ga = new Matrix(r, c);
      double[] gd = ga.data();
      for (int i = 0; i < r; i++) {
        for (int j = 0; j < c; j++) gd[i * c + j] = g.data()[i] * softmaxWeight(d[i * c + j], o[i]);
      }
      sink.accumulate(a, ga);
    }, a);
  }

  /**
   * d lse / d x = exp(x - lse), the softmax weight. When every entry is -inf (a fully masked row)
   * lse is -inf too and the weight would be exp(-inf + inf) = NaN, which would poison the whole
   * gradient even where that output is unused; no finite change of one entry is seen there, so
   * the weight is taken as 0.
   */
  private static double softmaxWeight(double x, double lse) {
    return lse == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(x - lse);
  }

  static Var groupMean(Var a, int k) {
    int r = a.rows(), c = a.cols();
    if (k <= 0 || r % k != 0) {
      throw new IllegalArgumentException(
          "groupMean: group size " + k + " must be positive and divide the row count of " + a.describe());
    }
    int groups = r / k;
    double[] d = a.value().data();
    Matrix out = new Matrix(groups, c);
    double[] o = out.data();
    double inv = 1.0 / k;
    for (int gi = 0; gi < groups; gi++) {
      for (int s = 0; s < k; s++) {
        int src = (gi * k + s) * c;
        for (int j = 0; j < c; j++) o[gi * c + j] += d[src + j];
      }
      for (int j = 0; j < c; j++) o[gi * c + j] *= inv;
    }
    return Var.op("groupMean", out, (g, sink) -> {
      Matrix ga = new Matrix(r, c);
      double[] gd = ga.data();
      double[] gg = g.data();
      for (int gi = 0; gi < groups; gi++) {
        for (int s = 0; s < k; s++) {
          int dst = (gi * k + s) * c;
          for (int j = 0; j < c; j++) gd[dst + j] = gg[gi * c + j] * inv;
        }
      }
      sink.accumulate(a, ga);
    }, a);
  }
}
