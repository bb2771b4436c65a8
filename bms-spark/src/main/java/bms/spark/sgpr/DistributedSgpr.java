package bms.spark.sgpr;

import bms.core.optim.Lbfgs;
import bms.core.optim.LbfgsResult;
import bms.core.optim.ParameterVector;
import bms.spark.ExternalGradient;
import bms.spark.ModuleFactory;
import bms.spark.ModuleState;
import bms.spark.OrderedTreeAggregate;
import bms.spark.data.DataBlock;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Collapsed SGPR (Titsias 2009) on data spread over a Spark cluster, after Gal, van der Wilk and
 * Rasmussen (2014). One evaluation of the bound and its gradient is two passes over the data:
 * <ol>
 *   <li>each partition sums its statistics (Kuf Kfu, Kuf y, y'y, diag Kff: {@link SgprStatistics})
 *       and a tree aggregation adds them up;
 *   <li>the driver forms the bound from them ({@link CollapsedBound}), with the statistics as
 *       autodiff leaves, and broadcasts dBound/dstat; each partition backpropagates those through
 *       its own Kuf and Kdiag ({@link PartitionSgpr#gradient}) and a second tree aggregation
 *       adds the parameter gradients to the driver's (the Kuu and noise terms).
 * </ol>
 * This is the exact chain rule: the result equals the single-machine {@link bms.dgp.models.SGPR}
 * bound and gradient up to the order of floating-point sums. Two passes recompute Kuf instead of
 * keeping it (M x n per partition), so an executor's memory stays at one block's M x rows
 * matrices plus the M x M statistics, however many rows it holds. Kuu-dependent terms are
 * computed on the driver only.
 *
 * <p>The aggregations are Spark's treeAggregate pattern with a fixed merge order
 * ({@link OrderedTreeAggregate}), so a run is reproducible bit for bit.
 *
 * <p>Only the zero mean function is supported (a parametric mean would add its own statistics).
 */
public final class DistributedSgpr {
  private final JavaRDD<DataBlock> data;
  private final ModuleFactory<SgprModel> factory;
  private final SgprModel model;
  private final JavaSparkContext sc;
  private int treeDepth = 2;
  private long passes;

  /**
   * @param data the rows, as blocks (persist it: every evaluation reads it twice)
   * @param factory builds the model tree; the driver's model is built from it too
   */
  public DistributedSgpr(JavaRDD<DataBlock> data, ModuleFactory<SgprModel> factory) {
    this.data = data;
    this.factory = factory;
    this.model = factory.get();
    this.sc = JavaSparkContext.fromSparkContext(data.context());
  }

  /** The driver's model: its parameters are the ones trained; read or change them here. */
  public SgprModel model() {
    return model;
  }

  /** Depth of the aggregation trees (default 2: about sqrt(partitions) partial sums per level). */
  public DistributedSgpr treeDepth(int depth) {
    if (depth < 1) throw new IllegalArgumentException("tree depth must be >= 1, got " + depth);
    this.treeDepth = depth;
    return this;
  }

  /** Passes over the data so far (two per evaluation). */
  public long passes() {
    return passes;
  }

  /** The bound at the driver's current parameters and its gradient (packed as {@code ParameterVector.trainable(model())}). */
  public record Evaluation(double value, double[] gradient, SgprStatistics statistics) {}

  public Evaluation evaluate() {
    ModuleState state = ModuleState.of(model);
    Broadcast<ModuleState> bState = sc.broadcast(state);
    ModuleFactory<SgprModel> f = factory;
    try {
      SgprStatistics stats = OrderedTreeAggregate.aggregate(data.mapPartitions(blocks -> {
        SgprStatistics s = PartitionSgpr.statistics(blocks, bState.value().build(f));
        return s == null ? Collections.emptyIterator() : List.of(s).iterator();
      }), SgprStatistics::add, treeDepth).orElseThrow(() -> new IllegalStateException("the data set has no rows"));
      passes++;
      CollapsedBound.Pieces pieces = CollapsedBound.evaluate(model, stats);
      Broadcast<SgprAdjoints> bAdj = sc.broadcast(pieces.adjoints());
      try {
        double[] g = OrderedTreeAggregate.aggregate(data.mapPartitions(blocks -> List.of(
                PartitionSgpr.gradient(blocks, bState.value().build(f), bAdj.value())).iterator()),
            DistributedSgpr::addInto, treeDepth).orElseThrow();
        passes++;
        addInto(g, pieces.direct());
        return new Evaluation(pieces.value(), g, stats);
      } finally {
        bAdj.destroy();
      }
    } finally {
      bState.destroy();
    }
  }

  /** Maximises the bound with L-BFGS over the driver model's trainable parameters (two passes per evaluation). */
  public LbfgsResult fit(Lbfgs lbfgs) {
    ParameterVector params = ParameterVector.trainable(model);
    return lbfgs.minimise(() -> {
      Evaluation e = evaluate();
      double[] neg = e.gradient().clone();
      for (int i = 0; i < neg.length; i++) neg[i] = -neg[i];
      return ExternalGradient.of(-e.value(), params, neg);
    }, params);
  }

  private static double[] addInto(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) a[i] += b[i];
    return a;
  }
}
