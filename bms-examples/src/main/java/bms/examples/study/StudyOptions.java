package bms.examples.study;

import picocli.CommandLine.Option;

/**
 * Options shared by the classification studies ({@code bms rotated-mnist}, {@code bms mnist}):
 * sizes, optimisation and checkpointing. The defaults (2000 training digits pooled to 14 x 14,
 * M = 100, 1000 steps) finish in a few minutes on two cores; they are far smaller than the
 * published runs (tens of thousands of 28 x 28 digits, M = 500-1000, many more steps).
 */
public final class StudyOptions {
  @Option(names = "--train-size", paramLabel = "N", defaultValue = "2000",
      description = "Training digits, drawn from the MNIST train split (default: ${DEFAULT-VALUE}).")
  int trainSize;

  @Option(names = "--test-size", paramLabel = "N", defaultValue = "1000",
      description = "Test digits, drawn from the MNIST test split (default: ${DEFAULT-VALUE}).")
  int testSize;

  @Option(names = "--inducing", paramLabel = "M", defaultValue = "100",
      description = "Inducing points (or patches) per model, the same for all (default: ${DEFAULT-VALUE}).")
  int inducing;

  @Option(names = "--steps", paramLabel = "T", defaultValue = "1000",
      description = "Adam steps per model, the same for all (default: ${DEFAULT-VALUE}).")
  long steps;

  @Option(names = "--batch", paramLabel = "B", defaultValue = "50",
      description = "Minibatch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.03",
      description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--pool", paramLabel = "F", defaultValue = "2",
      description = "Average-pool the 28x28 digits by F in each direction (after any rotation); 2 gives"
          + " 14x14 digits and steps two to three times cheaper, 1 keeps full resolution"
          + " (default: ${DEFAULT-VALUE}).")
  int pool;

  @Option(names = "--checkpoint-every", paramLabel = "K", defaultValue = "100",
      description = "Write a checkpoint of each model every K steps into --out (default: ${DEFAULT-VALUE}).")
  long checkpointEvery;

  @Option(names = "--preset", paramLabel = "NAME",
      description = "Start from a named set of settings; options given on the command line still"
          + " override it. 'published': the papers' data sizes and model settings (see the"
          + " command's description; hours to days on two cores, so train one model per run with"
          + " --models and continue with --resume).")
  StudyPreset preset;

  @Option(names = "--resume",
      description = "Continue from the newest checkpoints in --out (a finished model is only evaluated;"
          + " a larger --steps trains it further). The data and model options must be the same.")
  boolean resume;

  /**
   * Puts the options that fix a study's data and training into {@code config} (its config.json,
   * which --resume compares), in a fixed order.
   */
  public void describeInto(java.util.Map<String, Object> config) {
    config.put("pool", pool());
    config.put("imageSide", side());
    config.put("trainSize", trainSize());
    config.put("testSize", testSize());
    config.put("inducing", inducing());
    config.put("batch", batch());
    config.put("learningRate", learningRate());
    if (preset != null) config.put("preset", preset.name());
  }

  public int trainSize() {
    return trainSize;
  }

  public int testSize() {
    return testSize;
  }

  public int inducing() {
    return inducing;
  }

  public long steps() {
    return steps;
  }

  public int batch() {
    return batch;
  }

  public double learningRate() {
    return learningRate;
  }

  public int pool() {
    return pool;
  }

  /** The side of the digits the models see: 28 / F. */
  public int side() {
    return bms.examples.data.Mnist.SIDE / pool;
  }

  public long checkpointEvery() {
    return checkpointEvery;
  }

  public boolean resume() {
    return resume;
  }

  /** The preset named on the command line, or null. */
  public StudyPreset preset() {
    return preset;
  }

  /**
   * Sets the sizes and training settings of a preset, each one only where the command line did
   * not give it ({@code given} says which options it named).
   */
  void presetDefaults(java.util.function.Predicate<String> given, int trainSize, int testSize, int inducing,
      long steps, int batch, double learningRate, int pool) {
    if (!given.test("--train-size")) this.trainSize = trainSize;
    if (!given.test("--test-size")) this.testSize = testSize;
    if (!given.test("--inducing")) this.inducing = inducing;
    if (!given.test("--steps")) this.steps = steps;
    if (!given.test("--batch")) this.batch = batch;
    if (!given.test("--lr")) this.learningRate = learningRate;
    if (!given.test("--pool")) this.pool = pool;
  }

  /** These options with another M and minibatch (a preset that sizes each model on its own). */
  StudyOptions withModelSize(int inducing, int batch) {
    StudyOptions o = copy();
    o.inducing = inducing;
    o.batch = batch;
    return o;
  }

  private StudyOptions copy() {
    StudyOptions o = of(trainSize, testSize, inducing, steps, batch, learningRate, pool);
    o.checkpointEvery = checkpointEvery;
    o.resume = resume;
    o.preset = preset;
    return o;
  }

  /**
   * Options set in code rather than parsed (bms select trains the study models with its own
   * defaults): no resuming, and a checkpoint only after the last step.
   */
  public static StudyOptions of(int trainSize, int testSize, int inducing, long steps, int batch, double learningRate,
      int pool) {
    StudyOptions o = new StudyOptions();
    o.trainSize = trainSize;
    o.testSize = testSize;
    o.inducing = inducing;
    o.steps = steps;
    o.batch = batch;
    o.learningRate = learningRate;
    o.pool = pool;
    o.checkpointEvery = Math.max(1, steps);
    o.resume = false;
    return o;
  }

  /** Throws IllegalArgumentException naming the first bad option. */
  public void validate(int maxTrain, int maxTest) {
    if (trainSize < 1 || trainSize > maxTrain) {
      throw new IllegalArgumentException("--train-size must be in 1.." + maxTrain + ", got " + trainSize);
    }
    if (testSize < 1 || testSize > maxTest) {
      throw new IllegalArgumentException("--test-size must be in 1.." + maxTest + ", got " + testSize);
    }
    if (inducing < 1 || inducing > trainSize) {
      throw new IllegalArgumentException("--inducing must be in 1..train-size (" + trainSize + "), got " + inducing);
    }
    if (pool < 1 || bms.examples.data.Mnist.SIDE % pool != 0) {
      throw new IllegalArgumentException("--pool must divide 28 (1, 2, 4, 7, 14), got " + pool);
    }
    if (steps < 0) throw new IllegalArgumentException("--steps must be >= 0, got " + steps);
    if (batch < 1) throw new IllegalArgumentException("--batch must be >= 1, got " + batch);
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("--lr must be positive, got " + learningRate);
    }
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException("--checkpoint-every must be >= 1, got " + checkpointEvery);
    }
  }

  ModelTraining.Settings settings(long seed) {
    return new ModelTraining.Settings(steps, batch, learningRate, checkpointEvery, seed, resume);
  }
}
