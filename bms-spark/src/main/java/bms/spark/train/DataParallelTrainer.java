package bms.spark.train;

import bms.core.autodiff.Gradients;
import bms.core.autodiff.Var;
import bms.core.checkpoint.Checkpoint;
import bms.core.checkpoint.CheckpointManager;
import bms.core.checkpoint.Checkpoints;
import bms.core.optim.Adam;
import bms.core.optim.ParameterVector;
import bms.core.param.Module;
import bms.dgp.models.VariationalModel;
import bms.dgp.random.RandomStream;
import bms.dgp.training.MinibatchStream;
import bms.spark.ModuleFactory;
import bms.spark.ModuleState;
import bms.spark.OrderedTreeAggregate;
import bms.spark.data.DataBlock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Data-parallel Adam training of an SVGP or deep GP on Spark: the single-machine
 * {@link bms.dgp.training.Trainer} with the likelihood term's gradient summed over partitions.
 *
 * <p>Step t uses the batch and the noise stream the Trainer would use with the same seed and
 * batch size ({@link MinibatchStream} on {@code seed.child("minibatches")}, noise
 * {@code seed.child("noise").child(t)}). The driver broadcasts the parameters and the batch's
 * indices; each partition computes the gradient of its rows' part of the expected
 * log-likelihood ({@link ShardLikelihood}); a tree aggregation adds them in partition order
 * ({@link OrderedTreeAggregate}, so runs are bit-for-bit reproducible); the driver scales by
 * N / B, subtracts the KL and its gradient (computed on the driver only) and applies the same
 * {@link Adam} update. So a run follows single-machine training up to the order of the sums.
 *
 * <p>Checkpoints are the Trainer's (parameters, Adam state, step, seed, batch size), written by
 * the driver: a job killed and restarted with {@link #resume} continues exactly, and a
 * single-machine Trainer can resume from them too.
 */
public final class DataParallelTrainer<T extends Module & VariationalModel> {
  private final JavaRDD<DataBlock> data;
  private final int numData;
  private final ModuleFactory<T> factory;
  private final T model;
  private final RandomStream rng;
  private final JavaSparkContext sc;
  private int batchSize;
  private int treeDepth = 2;
  private CheckpointManager checkpoints;
  private long checkpointEvery;
  private boolean rowsChecked;

  /**
   * @param data the N rows as blocks with global indices 0..N-1 (persist it)
   * @param numData N
   * @param factory builds the model; the driver's model is built from it too
   * @param seed the seed of the minibatch and noise streams, as {@code new Trainer(..., new RandomStream(seed))}
   */
  public DataParallelTrainer(JavaRDD<DataBlock> data, int numData, ModuleFactory<T> factory, long seed) {
    this.data = data;
    this.numData = numData;
    this.factory = factory;
    this.model = factory.get();
    this.rng = new RandomStream(seed);
    this.sc = JavaSparkContext.fromSparkContext(data.context());
  }

  /** The driver's model, whose parameters are trained. */
  public T model() {
    return model;
  }

  /** Minibatches of b rows per step; 0 (the default) or b >= N is the full batch. */
  public DataParallelTrainer<T> batchSize(int b) {
    if (b < 0) throw new IllegalArgumentException("batch size must be >= 0 (0 for the full batch), got " + b);
    this.batchSize = b;
    return this;
  }

  public DataParallelTrainer<T> treeDepth(int depth) {
    if (depth < 1) throw new IllegalArgumentException("tree depth must be >= 1, got " + depth);
    this.treeDepth = depth;
    return this;
  }

  /** Saves a Trainer-format checkpoint every {@code everySteps} steps (0: only after the last) through {@code manager}. */
  public DataParallelTrainer<T> checkpointTo(CheckpointManager manager, long everySteps) {
    if (everySteps < 0) throw new IllegalArgumentException("checkpoint interval must be >= 0, got " + everySteps);
    this.checkpoints = java.util.Objects.requireNonNull(manager, "checkpoint manager");
    this.checkpointEvery = everySteps;
    return this;
  }

  /** The checkpoint the single-machine Trainer would write at this point. */
  public Checkpoint checkpoint(Adam adam) {
    return Checkpoints.capture(model, adam, Map.of(),
        Map.of("step", adam.stepCount(), "seed", rng.seed(), "batchSize", (long) batchSize));
  }

  /** Restores the newest checkpoint of the {@link #checkpointTo} folder; empty when there is none. */
  public OptionalLong resume(Adam adam) {
    if (checkpoints == null) throw new IllegalStateException("resume needs a checkpoint folder: call checkpointTo first");
    Optional<Checkpoint> latest;
    try {
      latest = checkpoints.latest();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + checkpoints.directory(), e);
    }
    if (latest.isEmpty()) return OptionalLong.empty();
    Checkpoint c = latest.get();
    if (c.adam() == null) throw new IllegalArgumentException("checkpoint holds no optimiser state; cannot resume");
    if (c.counter("seed") != rng.seed() || c.counter("batchSize") != batchSize) {
      throw new IllegalArgumentException("checkpoint was taken with seed " + c.counter("seed") + " and batch size "
          + c.counter("batchSize") + ", but this run has seed " + rng.seed() + " and batch size " + batchSize);
    }
    Checkpoints.restore(c, model, adam);
    return OptionalLong.of(adam.stepCount());
  }

  /**
   * {@code steps} Adam steps from {@code adam.stepCount()}; {@code adam} must be over the driver
   * model's trainable parameters. Returns the bound estimate of each step (before its update).
   */
  public List<Double> adam(Adam adam, long steps) {
    checkRows();
    boolean full = batchSize == 0 || batchSize >= numData;
    MinibatchStream batches = full ? null : new MinibatchStream(rng.child("minibatches"), numData, batchSize);
    List<Double> trace = new ArrayList<>();
    long lastSaved = -1;
    for (long i = 0; i < steps; i++) {
      long t = adam.stepCount();
      RandomStream noise = rng.child("noise").child(t);
      StepTask task = new StepTask(full ? null : batches.batch(t), numData, noise.seed(), noise.position());
      Var kl = model.priorKL();
      double[] gKl = adam.parameters().gradient(Gradients.of(kl));
      GradientPartial ell = likelihoodTerm(task, adam.parameters().size());
      double scale = (double) numData / task.batchSize();
      double bound = scale * ell.value - kl.scalar();
      double[] g = new double[gKl.length];
      // The loss is minus the bound: -(scale * dEll - dKL).
      for (int k = 0; k < g.length; k++) g[k] = gKl[k] - scale * ell.gradient[k];
      adam.step(-bound, g);
      trace.add(bound);
      if (checkpoints != null && checkpointEvery > 0 && adam.stepCount() % checkpointEvery == 0) {
        save(adam);
        lastSaved = adam.stepCount();
      }
    }
    if (checkpoints != null && lastSaved != adam.stepCount()) save(adam);
    return trace;
  }

  /** Once: the blocks must hold rows 0..N-1, or batch indices would silently miss rows. */
  private void checkRows() {
    if (rowsChecked) return;
    long[] countAndEnd = data.map(b -> new long[] {b.rows(), b.first() + b.rows()})
        .reduce((a, b) -> new long[] {a[0] + b[0], Math.max(a[1], b[1])});
    if (countAndEnd[0] != numData || countAndEnd[1] != numData) {
      throw new IllegalArgumentException("the data hold " + countAndEnd[0] + " rows numbered up to " + countAndEnd[1]
          + ", but the trainer was told N = " + numData + "; the blocks must number their rows 0..N-1");
    }
    rowsChecked = true;
  }

  private GradientPartial likelihoodTerm(StepTask task, int size) {
    Broadcast<ModuleState> state = sc.broadcast(ModuleState.of(model));
    Broadcast<StepTask> bTask = sc.broadcast(task);
    ModuleFactory<T> f = factory;
    try {
      return OrderedTreeAggregate.aggregate(
          data.mapPartitions(blocks -> List.of(bTask.value().run(blocks, state.value().build(f))).iterator()),
          GradientPartial::add, treeDepth).orElseGet(() -> new GradientPartial(size));
    } finally {
      state.destroy();
      bTask.destroy();
    }
  }

  private void save(Adam adam) {
    try {
      checkpoints.save(checkpoint(adam), adam.stepCount());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the step-" + adam.stepCount() + " checkpoint to "
          + checkpoints.directory(), e);
    }
  }
}
