package bms.core.autodiff;

import bms.core.matrix.Matrix;

/** Transpose, reshape, slicing, row gather, diagonals and concatenation. */
final class Structural {
  private Structural() {}

  static Var transpose(Var a) {
    return Var.op("transpose", a.value().transpose(), (g, sink) -> sink.accumulate(a, g.transpose()), a);
  }

  static Var reshape(Var a, int rows, int cols) {
    // Matrix.reshape only compares rows * cols with the size, which (-2) * (-3) passes.
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("reshape: cannot reshape " + a.describe() + " to " + rows + "x" + cols);
    }
    Matrix out = a.value().reshape(rows, cols);
    return Var.op("reshape", out, (g, sink) -> sink.accumulate(a, g.reshape(a.rows(), a.cols())), a);
  }

  static Var slice(Var a, int r0, int r1, int c0, int c1) {
    if (r0 < 0 || r1 > a.rows() || r0 > r1 || c0 < 0 || c1 > a.cols() || c0 > c1) {
      throw new IllegalArgumentException("slice rows [" + r0 + ", " + r1 + ") cols [" + c0 + ", " + c1
          + ") is outside " + a.describe());
    }
    int rr = r1 - r0, cc = c1 - c0, n = a.cols();
    Matrix out = new Matrix(rr, cc);
    for (int i = 0; i < rr; i++) {
      System.arraycopy(a.value().data(), (r0 + i) * n + c0, out.data(), i * cc, cc);
    }
    return Var.op("slice", out, (g, sink) -> {
      Matrix ga = new Matrix(a.rows(), n);
      for (int i = 0; i < rr; i++) {
        System.arraycopy(g.data(), i * cc, ga.data(), (r0 + i) * n + c0, cc);
      }
      sink.accumulate(a, ga);
    }, a);
  }

  static Var gatherRows(Var a, int[] index) {
    int c = a.cols();
    int[] idx = index.clone();
    Matrix out = new Matrix(idx.length, c);
    for (int i = 0; i < idx.length; i++) {
      if (idx[i] < 0 || idx[i] >= a.rows()) {
        throw new IllegalArgumentException(
            "gatherRows: index[" + i + "] = " + idx[i] + " is outside the rows of " + a.describe());
      }
      System.arraycopy(a.value().data(), idx[i] * c, out.data(), i * c, c);
    }
    return Var.op("gatherRows", out, (g, sink) -> {
      Matrix ga = new Matrix(a.rows(), c);
      double[] gd = ga.data();
      double[] gg = g.data();
      for (int i = 0; i < idx.length; i++) {
        int dst = idx[i] * c;
        for (int j = 0; j < c; j++) gd[dst + j] += gg[i * c + j];
      }
      sink.accumulate(a, ga);
    }, a);
  }

  static Var diag(Var a) {
    if (!a.value().isSquare()) {
      throw new IllegalArgumentException("diag needs a square matrix, got " + a.describe());
    }
    int n = a.rows();
    Matrix out = new Matrix(n, 1);
    for (int i = 0; i < n; i++) out.data()[i] = a.value().data()[i * n + i];
    return Var.op("diag", out, (g, sink) -> {
      Matrix ga = new Matrix(n, n);
      for (int i = 0; i < n; i++) ga.data()[i * n + i] = g.data()[i];
      sink.accumulate(a, ga);
    }, a);
  }

  static Var diagMatrix(Var v) {
    if (v.rows() != 1 && v.cols() != 1) {
      throw new IllegalArgumentException("diagMatrix needs a row or column vector, got " + v.describe());
    }
    int n = v.value().size();
    Matrix out = new Matrix(n, n);
    for (int i = 0; i < n; i++) out.data()[i * n + i] = v.value().data()[i];
    return Var.op("diagMatrix", out, (g, sink) -> {
      Matrix gv = new Matrix(v.rows(), v.cols());
      for (int i = 0; i < n; i++) gv.data()[i] = g.data()[i * n + i];
      sink.accumulate(v, gv);
    }, v);
  }

  static Var concatRows(Var[] parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("concatRows: nothing to concatenate");
    }
    int c = parts[0].cols();
    int r = 0;
    for (int k = 0; k < parts.length; k++) {
      if (parts[k].cols() != c) {
        throw new IllegalArgumentException("concatRows: part " + k + " is " + parts[k].value().shapeString()
            + " but part 0 has " + c + " columns");
      }
      r += parts[k].rows();
    }
    Matrix out = new Matrix(r, c);
    int[] offsets = new int[parts.length];
    int off = 0;
    for (int k = 0; k < parts.length; k++) {
      offsets[k] = off;
      System.arraycopy(parts[k].value().data(), 0, out.data(), off, parts[k].value().size());
      off += parts[k].value().size();
    }
    Var[] ps = parts.clone();
    return Var.op("concatRows", out, (g, sink) -> {
      for (int k = 0; k < ps.length; k++) {
        if (!sink.wants(ps[k])) continue;
        Matrix gk = new Matrix(ps[k].rows(), c);
        System.arraycopy(g.data(), offsets[k], gk.data(), 0, gk.size());
        sink.accumulate(ps[k], gk);
      }
    }, ps);
  }

  static Var concatCols(Var[] parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("concatCols: nothing to concatenate");
    }
    int r = parts[0].rows();
    int c = 0;
    for (int k = 0; k < parts.length; k++) {
      if (parts[k].rows() != r) {
        throw new IllegalArgumentException("concatCols: part " + k + " is " + parts[k].value().shapeString()
            + " but part 0 has " + r + " rows");
      }
      c += parts[k].cols();
    }
    Matrix out = new Matrix(r, c);
    int[] offsets = new int[parts.length];
    int off = 0;
    for (int k = 0; k < parts.length; k++) {
      offsets[k] = off;
      int ck = parts[k].cols();
      for (int i = 0; i < r; i++) {
        System.arraycopy(parts[k].value().data(), i * ck, out.data(), i * c + off, ck);
      }
      off += ck;
    }
    Var[] ps = parts.clone();
    final int total = c;
    return Var.op("concatCols", out, (g, sink) -> {
      for (int k = 0; k < ps.length; k++) {
        if (!sink.wants(ps[k])) continue;
        int ck = ps[k].cols();
        Matrix gk = new Matrix(r, ck);
        for (int i = 0; i < r; i++) {
          System.arraycopy(g.data(), i * total + offsets[k], gk.data(), i * ck, ck);
        }
        sink.accumulate(ps[k], gk);
      }
    }, ps);
  }
}
