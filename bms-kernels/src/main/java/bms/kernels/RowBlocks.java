package bms.kernels;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Applies a function to consecutive blocks of rows of an input and stacks the results, keeping
 * none of the intermediate matrices for the backward pass: each block is recomputed there
 * (gradient checkpointing). Convolutional kernels use it because their patch Gram matrices
 * (P x P per image, or M x P per image for Kuf) would otherwise all be held in the graph at
 * once: gigabytes for an MNIST minibatch.
 *
 * <p>The function sees each block as a fresh leaf and the shared inputs as fresh leaves; it may
 * also read {@link Parameter}s directly (the kernel's hyperparameters), which must be listed so
 * that their gradients reach the parameters' leaves.
 */
public final class RowBlocks {
  private RowBlocks() {}

  /**
   * @param name the operation's name in the graph
   * @param input R x C; split into blocks of {@code blockRows} rows (the last may be shorter)
   * @param blockRows rows per block, at least 1
   * @param shared inputs every block reads whole
   * @param parameters the parameters {@code f} reads (non-trainable ones are skipped)
   * @param f (block, shared) to an r_b x K result; every block's result has K columns
   * @return the results stacked by rows
   */
  public static Var map(String name, Var input, int blockRows, List<Var> shared, Collection<Parameter> parameters,
      BiFunction<Var, List<Var>, Var> f) {
    if (blockRows < 1) {
      throw new IllegalArgumentException(name + ": blockRows must be >= 1, got " + blockRows);
    }
    int rows = input.rows(), cols = input.cols();
    List<Parameter> params = distinct(parameters);
    List<Var> sharedConst = new ArrayList<>();
    for (Var s : shared) sharedConst.add(s.detach());

    List<Matrix> outs = new ArrayList<>();
    int outCols = -1, outRows = 0;
    for (int r0 = 0; r0 < rows; r0 += blockRows) {
      int r1 = Math.min(rows, r0 + blockRows);
      Matrix out = f.apply(Var.constant(rowBlock(input.value(), r0, r1)), sharedConst).value();
      if (outCols >= 0 && out.cols() != outCols) {
        throw new IllegalArgumentException(name + ": block results have " + out.cols() + " and " + outCols
            + " columns");
      }
      outCols = out.cols();
      outRows += out.rows();
      outs.add(out);
    }
    Matrix value = new Matrix(outRows, Math.max(outCols, 0));
    int[] offsets = new int[outs.size() + 1];
    for (int b = 0; b < outs.size(); b++) {
      offsets[b + 1] = offsets[b] + outs.get(b).rows();
      System.arraycopy(outs.get(b).data(), 0, value.data(), offsets[b] * value.cols(), outs.get(b).size());
    }

    List<Var> leaves = new ArrayList<>();
    for (Parameter p : params) leaves.add(p.leaf());
    List<Var> parents = new ArrayList<>();
    parents.add(input);
    parents.addAll(shared);
    parents.addAll(leaves);
    return Var.op(name, value, (g, sink) -> {
      Matrix gIn = sink.wants(input) ? new Matrix(rows, cols) : null;
      List<Var> sharedLeaves = new ArrayList<>();
      List<Matrix> gShared = new ArrayList<>();
      for (Var s : shared) {
        sharedLeaves.add(sink.wants(s) ? Var.variable(s.value()) : s.detach());
        gShared.add(sink.wants(s) ? new Matrix(s.rows(), s.cols()) : null);
      }
      List<Matrix> gParams = new ArrayList<>();
      for (int i = 0; i < params.size(); i++) {
        if (params.get(i).leaf() != leaves.get(i)) {
          throw new IllegalStateException(name + ": a parameter changed between the forward and the backward pass");
        }
        gParams.add(new Matrix(leaves.get(i).rows(), leaves.get(i).cols()));
      }
      int b = 0;
      for (int r0 = 0; r0 < rows; r0 += blockRows, b++) {
        int r1 = Math.min(rows, r0 + blockRows);
        Matrix seed = rowBlock(g, offsets[b], offsets[b + 1]);
        Matrix inBlock = rowBlock(input.value(), r0, r1);
        Var blockIn = gIn != null ? Var.variable(inBlock) : Var.constant(inBlock);
        Var out = f.apply(blockIn, sharedLeaves);
        if (!out.requiresGrad()) continue;
        Gradients grads = Gradients.of(out, seed);
        if (gIn != null) {
          Matrix gb = grads.get(blockIn);
          System.arraycopy(gb.data(), 0, gIn.data(), r0 * cols, gb.size());
        }
        for (int i = 0; i < shared.size(); i++) {
          if (gShared.get(i) != null) addInPlace(gShared.get(i), grads.get(sharedLeaves.get(i)));
        }
        for (int i = 0; i < params.size(); i++) addInPlace(gParams.get(i), grads.get(leaves.get(i)));
      }
      if (gIn != null) sink.accumulate(input, gIn);
      for (int i = 0; i < shared.size(); i++) {
        if (gShared.get(i) != null) sink.accumulate(shared.get(i), gShared.get(i));
      }
      for (int i = 0; i < params.size(); i++) sink.accumulate(leaves.get(i), gParams.get(i));
    }, parents.toArray(new Var[0]));
  }

  private static List<Parameter> distinct(Collection<Parameter> parameters) {
    Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Parameter> out = new ArrayList<>();
    for (Parameter p : parameters) {
      if (p.trainable() && seen.add(p)) out.add(p);
    }
    return out;
  }

  private static Matrix rowBlock(Matrix m, int r0, int r1) {
    int c = m.cols();
    double[] d = new double[(r1 - r0) * c];
    System.arraycopy(m.data(), r0 * c, d, 0, d.length);
    return Matrix.wrap(r1 - r0, c, d);
  }

  private static void addInPlace(Matrix acc, Matrix g) {
    double[] a = acc.data(), d = g.data();
    for (int i = 0; i < a.length; i++) a[i] += d[i];
  }
}
