package bms.examples.uci;

import bms.core.checkpoint.Checkpoint;
import bms.core.checkpoint.CheckpointManager;
import bms.core.io.AtomicFiles;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.optim.Lbfgs;
import bms.dgp.random.RandomStream;
import bms.dgp.training.Trainer;
import bms.dgp.training.TrainingResult;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Trains one regression model on a standardised split and evaluates it in original units: the
 * shared engine of {@code bms uci} and {@code bms select}.
 *
 * <p>Everything random derives from the seed: the model's initialisation (k-means) from the
 * stream "model", the minibatches and Monte Carlo noise from "train" (a function of the step, so
 * a resumed run continues exactly), and the evaluation noise from "eval".
 *
 * <p>With checkpointing, Adam-trained models save parameters, Adam's moments and the step every
 * k steps and at the end ({@link Trainer#checkpoint}), with the bound trace and a {@code run.json}
 * naming the run's settings; {@code resume} continues from the newest checkpoint and refuses one
 * taken with other settings (only the number of steps may change).
 */
public final class RegressionFit {
  /** Told about training progress. */
  @FunctionalInterface
  public interface Listener {
    void onProgress(long step, long totalSteps, double bound);
  }

  /**
   * Where and how often to checkpoint.
   *
   * @param dir the checkpoint folder
   * @param every save every this many steps (and after the last)
   * @param resume continue from the newest checkpoint in {@code dir}, if any
   * @param runKey what identifies the run beyond the model and settings (data set, seed, split)
   */
  public record Checkpointing(Path dir, long every, boolean resume, Map<String, Object> runKey) {
    public Checkpointing {
      Objects.requireNonNull(dir, "dir");
      if (every <= 0) {
        throw new IllegalArgumentException("--checkpoint-every must be positive, got " + every);
      }
      runKey = runKey == null ? Map.of() : Map.copyOf(runKey);
    }
  }

  static final String TRACE_FILE = "trace.csv";
  static final String RUN_FILE = "run.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private final ModelSpec spec;
  private final FitSettings settings;
  private final long seed;
  private Listener listener = (step, total, bound) -> { };
  private long progressEvery = 10;
  private Checkpointing checkpointing;
  private LikelihoodChoice likelihood = LikelihoodChoice.GAUSSIAN;
  private int classes = 1;
  private bms.core.param.Module trained;

  public RegressionFit(ModelSpec spec, FitSettings settings, long seed) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.seed = seed;
  }

  /** Calls {@code l} every {@code every} steps (and after the last). */
  public RegressionFit listener(Listener l, long every) {
    if (every <= 0) {
      throw new IllegalArgumentException("progress interval must be positive, got " + every);
    }
    this.listener = Objects.requireNonNull(l, "listener");
    this.progressEvery = every;
    return this;
  }

  /** Checkpoints as {@code c} says (null: none). */
  public RegressionFit checkpointing(Checkpointing c) {
    if (c != null && c.resume() && !spec.stochastic()) {
      throw new IllegalArgumentException("--resume works for models trained by Adam (svgp, dgpL); " + spec.id()
          + " trains by L-BFGS in one go and does not checkpoint");
    }
    this.checkpointing = c;
    return this;
  }

  /** Trains with {@code l} on {@code numClasses} classes (Gaussian, the default, ignores the count). */
  public RegressionFit likelihood(LikelihoodChoice l, int numClasses) {
    this.likelihood = Objects.requireNonNull(l, "likelihood");
    this.classes = numClasses;
    return this;
  }

  public ModelSpec spec() {
    return spec;
  }

  public FitSettings settings() {
    return settings;
  }

  /** The model the last {@link #run} built and trained (GPR, SGPR, SVGP or DeepGP), if any. */
  public Optional<bms.core.param.Module> trainedModule() {
    return Optional.ofNullable(trained);
  }

  /** Builds, trains and evaluates the model on {@code data}. */
  public FitResult run(StandardisedSplit data) throws IOException {
    Trained t = train(data.train());
    return evaluate(t.model(), data, new RandomStream(seed).child("eval"), t.result(), t.resumedFrom(), t.trace());
  }

  /**
   * A trained model with how training went.
   *
   * @param resumedFrom the checkpoint step training continued from (0 for a fresh run)
   * @param trace the objective against the step
   */
  public record Trained(RegressionModel model, TrainingResult result, long resumedFrom, BoundTrace trace) {}

  /**
   * Builds and trains the model on {@code train} (standardised; class numbers for a
   * classification likelihood), without evaluating it.
   */
  public Trained train(bms.dgp.data.Dataset train) throws IOException {
    RandomStream root = new RandomStream(seed);
    RegressionModel model = RegressionModels.build(spec, settings, likelihood, classes, train, root.child("model"));
    trained = model.module();
    BoundTrace trace = new BoundTrace();
    TrainingResult result;
    long resumedFrom = 0;
    if (spec.stochastic()) {
      Trainer trainer = new Trainer(model.objective(), root.child("train")).batchSize(settings.batchSize());
      Adam adam = new Adam(model.module()).learningRate(settings.learningRate());
      CheckpointManager manager = null;
      if (checkpointing != null && checkpointing.dir() != null) {
        manager = new CheckpointManager(checkpointing.dir(), 2);
        resumedFrom = prepareCheckpoints(manager, trainer, adam);
        if (resumedFrom > 0) {
          Path traceFile = checkpointing.dir().resolve(TRACE_FILE);
          if (Files.isRegularFile(traceFile)) {
            trace = BoundTrace.read(traceFile, resumedFrom);
          }
        }
      }
      BoundTrace t = trace;
      long total = settings.steps();
      trainer.every(1, p -> t.add(p.step(), p.objective()));
      trainer.every(progressEvery, p -> listener.onProgress(Math.min(p.step(), total), total, p.objective()));
      if (manager != null) {
        CheckpointManager m = manager;
        trainer.every(checkpointing.every(), p -> save(m, trainer, adam, t, p.step()));
      }
      long remaining = Math.max(0, total - adam.stepCount());
      result = trainer.adam(adam, remaining);
      if (remaining == 0) {
        listener.onProgress(Math.min(adam.stepCount(), total), total, trace.last());
      }
    } else {
      Trainer trainer = new Trainer(model.objective(), root.child("train"));
      BoundTrace t = trace;
      long total = settings.steps();
      trainer.every(1, p -> {
        if (t.size() > 0 && p.step() <= t.steps()[t.size() - 1]) {
          return; // L-BFGS reports its best point once more at the end
        }
        t.add(p.step(), p.objective());
        if (p.step() % progressEvery == 0) {
          listener.onProgress(Math.min(p.step(), total), total, p.objective());
        }
      });
      result = trainer.lbfgs(new Lbfgs().maxIterations((int) Math.min(Integer.MAX_VALUE, settings.steps())));
      listener.onProgress(total, total, result.objective());
    }
    return new Trained(model, result, resumedFrom, trace);
  }

  /** Starts a fresh checkpoint folder or restores the newest checkpoint; returns the step restored. */
  private long prepareCheckpoints(CheckpointManager manager, Trainer trainer, Adam adam) throws IOException {
    Path dir = checkpointing.dir();
    Map<String, Object> key = runKey();
    Path runFile = dir.resolve(RUN_FILE);
    if (checkpointing.resume()) {
      if (Files.isRegularFile(runFile)) {
        Map<String, Object> saved = JSON.readValue(runFile.toFile(), new TypeReference<Map<String, Object>>() { });
        // Compare through JSON so numbers read back (Integer vs Long) compare equal.
        Map<String, Object> now = JSON.readValue(JSON.writeValueAsString(key),
            new TypeReference<Map<String, Object>>() { });
        if (!saved.equals(now)) {
          TreeSet<String> differ = new TreeSet<>();
          TreeSet<String> names = new TreeSet<>(saved.keySet());
          names.addAll(now.keySet());
          for (String k : names) {
            if (!Objects.equals(saved.get(k), now.get(k))) {
              differ.add(k + " (checkpoint " + saved.get(k) + ", now " + now.get(k) + ")");
            }
          }
          throw new IllegalArgumentException("cannot --resume from " + dir + ": the checkpoints were taken with other"
              + " settings: " + String.join(", ", differ));
        }
      }
      Optional<Checkpoint> latest = manager.latest();
      if (latest.isPresent()) {
        trainer.restore(latest.get(), adam);
        return adam.stepCount();
      }
    } else {
      // A fresh run: old checkpoints here belong to another run and must not be resumed later.
      for (Path p : manager.list()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir.resolve(TRACE_FILE));
    }
    Files.createDirectories(dir);
    AtomicFiles.writeString(runFile, JSON.writeValueAsString(key) + "\n");
    return 0;
  }

  private Map<String, Object> runKey() {
    Map<String, Object> key = new LinkedHashMap<>(checkpointing.runKey());
    key.put("model", spec.id());
    key.put("seed", seed);
    Map<String, Object> s = settings.asMap();
    s.remove("steps"); // a resumed run may train for longer
    key.putAll(s);
    return key;
  }

  private void save(CheckpointManager manager, Trainer trainer, Adam adam, BoundTrace trace, long step) {
    try {
      // The trace first: a checkpoint never exists without the trace up to its step.
      trace.write(manager.directory().resolve(TRACE_FILE));
      manager.save(trainer.checkpoint(adam), step);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a checkpoint to " + manager.directory() + ": " + e.getMessage(), e);
    }
  }

  private FitResult evaluate(RegressionModel model, StandardisedSplit data, RandomStream rng, TrainingResult r,
      long resumedFrom, BoundTrace trace) {
    long t0 = System.nanoTime();
    int n = data.trainSize();
    double logJac = data.standardizer().logJacobian();
    double bound = model.bound(rng.child("bound"));
    RegressionModel.Prediction p = model.predict(data.testX(), rng.child("predict"));
    Matrix mean = data.standardizer().inverseY(p.mean());
    double sse = 0;
    for (int i = 0; i < mean.rows(); i++) {
      double e = mean.get(i, 0) - data.testYOriginal().get(i, 0);
      sse += e * e;
    }
    Matrix ld = model.logDensity(data.testX(), data.testY(), rng.child("density"));
    double sum = 0;
    for (double v : ld.data()) {
      sum += v;
    }
    double llStd = sum / ld.rows();
    double sy = data.standardizer().yScale()[0];
    double evalSeconds = (System.nanoTime() - t0) * 1e-9;
    long steps = spec.stochastic() ? resumedFrom + r.steps() : r.steps();
    return new FitResult(spec.id(), r.status().name(), r.message(), steps, resumedFrom, r.seconds(), evalSeconds,
        bound, bound / n, bound + n * logJac, Math.sqrt(sse / mean.rows()), llStd + logJac, llStd,
        model.noiseVariance() * sy * sy, trace);
  }
}
