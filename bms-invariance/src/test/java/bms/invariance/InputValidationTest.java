package bms.invariance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.core.autodiff.Var;
import bms.core.checkpoint.CheckpointManager;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.optim.Lbfgs;
import bms.core.testing.RandomCases;
import bms.dgp.data.Dataset;
import bms.dgp.init.KMeansInit;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.MultiClass;
import bms.dgp.likelihoods.Softmax;
import bms.dgp.likelihoods.StudentT;
import bms.dgp.models.DeepGP;
import bms.dgp.models.DeepGPBuilder;
import bms.dgp.models.GPR;
import bms.dgp.models.SGPR;
import bms.dgp.models.SVGP;
import bms.dgp.objectives.Elbo;
import bms.dgp.objectives.FullBatch;
import bms.dgp.random.RandomStream;
import bms.dgp.training.MinibatchStream;
import bms.dgp.training.Trainer;
import bms.kernels.image.ImageShape;
import bms.invariance.kernels.Invariant;
import bms.invariance.kernels.InvariantInducingPoints;
import bms.invariance.orbits.EpsilonSource;
import bms.invariance.orbits.GeneralAffineOrbit;
import bms.invariance.orbits.InterpretableAffineOrbit;
import bms.invariance.orbits.PermutationOrbit;
import bms.invariance.orbits.RotationOrbit;
import bms.invariance.orbits.SubsampledOrbit;
import bms.kernels.ArcCosine;
import bms.kernels.Constant;
import bms.kernels.Linear;
import bms.kernels.Matern52;
import bms.kernels.Periodic;
import bms.kernels.Polynomial;
import bms.kernels.RationalQuadratic;
import bms.kernels.SquaredExponential;
import bms.kernels.White;
import bms.kernels.convolutional.Convolutional;
import bms.kernels.convolutional.PatchShape;
import bms.kernels.inducing.InducingPatches;
import bms.kernels.inducing.InducingPoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The input-validation audit of issue 8: every public entry point of the models, the trainer,
 * the kernels and the invariance code, called with a bad argument (non-finite values at a random
 * place, wrong shapes, empty data, labels out of range, non-positive settings, images of the
 * wrong size), must throw an IllegalArgumentException whose message names the argument and the
 * bad value or where it is. One row per (entry point, bad input); each seed moves the bad value
 * and the sizes.
 */
class InputValidationTest {
  /** One row of the table: calling {@code call} must fail with a message containing every fragment. */
  record Case(String entry, Executable call, List<String> mentions) {
    @Override
    public String toString() {
      return entry;
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    RandomCases.seeds(8).forEach(seed -> {
      for (Case c : table(seed)) out.add(Arguments.of(c.entry + " [seed " + seed + "]", c));
    });
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void badInputIsRejectedWithAMessageThatNamesIt(String name, Case c) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c.call, c.entry);
    String msg = e.getMessage();
    for (String f : c.mentions) {
      assertTrue(msg != null && msg.contains(f), c.entry + ": message '" + msg + "' should mention '" + f + "'");
    }
  }

  /**
   * The same entry points with well-formed inputs go through, so the table above fails for the
   * bad argument and not for something else; this includes images of the right size for the
   * convolutional and invariant kernels inside an SVGP.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void wellFormedInputsAreAccepted(long seed) {
    RandomCases rc = new RandomCases(seed);
    int n = rc.dim(6, 12), d = rc.dim(2, 4), m = rc.dim(2, 4), side = rc.dim(4, 6);
    Matrix x = rc.uniform(n, d, -2, 2);
    Dataset data = new Dataset(x, rc.uniform(n, 1, -1, 1));
    RandomStream rng = new RandomStream(seed);
    SVGP svgp = new SVGP(new SquaredExponential(1.0, Matrix.ones(1, d)), new Gaussian(0.1),
        new InducingPoints(rc.uniform(m, d, -2, 2)), 1);
    assertTrue(Double.isFinite(svgp.expectedLogLikelihood(x, data.y(), rng).scalar()));
    DeepGP dgp = new DeepGPBuilder(x, new Gaussian(0.1), 1).hiddenWidths(2).numInducing(m).numSamples(2).build(rng);
    assertEquals(n, dgp.predictY(x, 2, rng).mean().rows());
    new Trainer(new Elbo(svgp, data), rng).batchSize(n / 2).every(1, p -> { })
        .checkpointTo(new CheckpointManager(Path.of("unused"), 1), 1, 0.5);
    new Adam(svgp).learningRate(0.01);

    Matrix images = rc.uniform(3, side * side, 0, 1);
    Convolutional conv = new Convolutional(new SquaredExponential(1.0, 1.0),
        bms.kernels.image.ImageShape.gray(side, side), PatchShape.of(3, 3));
    SVGP convModel = new SVGP(conv, new Gaussian(0.1), new InducingPatches(rc.uniform(m, 9, 0, 1)), 1);
    assertEquals(3, convModel.predictF(images).mean().rows());
    Invariant inv = Invariant.forVariationalModels(new SquaredExponential(1.0, 1.0),
        new RotationOrbit(ImageShape.gray(side, side), 30, 3, EpsilonSource.seeded(seed)));
    SVGP invModel = new SVGP(inv, new Gaussian(0.1), new InvariantInducingPoints(rc.uniform(m, side * side, 0, 1)), 1);
    assertEquals(3, invModel.predictF(images).mean().rows());
  }

  static Stream<Long> seeds() {
    return RandomCases.seeds(8);
  }

  private static final class Rows {
    final List<Case> cases = new ArrayList<>();

    void add(String entry, Executable call, String... mentions) {
      cases.add(new Case(entry, call, List.of(mentions)));
    }
  }

  /** A matrix with one entry replaced; returns the copy. */
  private static Matrix poke(Matrix m, int r, int c, double v) {
    Matrix out = m.copy();
    out.set(r, c, v);
    return out;
  }

  private static String num(double v) {
    return String.valueOf(v);
  }

  static List<Case> table(long seed) {
    RandomCases rc = new RandomCases(seed);
    Rows t = new Rows();
    int n = rc.dim(6, 12);
    int d = rc.dim(2, 4);
    int m = rc.dim(2, 4);
    Matrix x = rc.uniform(n, d, -2, 2);
    Matrix y = rc.uniform(n, 1, -1, 1);
    Dataset data = new Dataset(x, y);
    int r = rc.rng().nextInt(n);
    int c = rc.rng().nextInt(d);
    double[] nonFinite = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    double bad = nonFinite[rc.rng().nextInt(3)];
    // A non-positive setting: 0 or a random negative value.
    double nonPositive = rc.rng().nextBoolean() ? 0.0 : -(0.5 + rc.rng().nextInt(5));
    int badCount = rc.rng().nextBoolean() ? 0 : -(1 + rc.rng().nextInt(5));
    String at = "row " + r + ", column " + c;
    Matrix xBad = poke(x, r, c, bad);
    Matrix z = rc.uniform(m, d, -2, 2);
    SquaredExponential se = new SquaredExponential(1.0, Matrix.ones(1, d));
    SVGP svgp = new SVGP(se, new Gaussian(0.1), new InducingPoints(z), 1);
    GPR gpr = new GPR(data, new SquaredExponential(1.0, Matrix.ones(1, d)), 0.1);
    SGPR sgpr = new SGPR(data, new SquaredExponential(1.0, Matrix.ones(1, d)), new InducingPoints(z.copy()), 0.1);
    DeepGP dgp = new DeepGPBuilder(x, new Gaussian(0.1), 1).hiddenWidths(2).numInducing(m)
        .build(new RandomStream(seed));
    RandomStream rng = new RandomStream(seed);

    // ---- data and models (bms-dgp) ----
    t.add("Dataset: non-finite X", () -> new Dataset(xBad, y), "X", num(bad), at);
    t.add("Dataset: non-finite Y", () -> new Dataset(x, poke(y, r, 0, bad)), "Y", "row " + r);
    t.add("Dataset: empty X", () -> new Dataset(new Matrix(0, d), new Matrix(0, 1)), "X", "empty");
    t.add("Dataset: X and Y rows differ", () -> new Dataset(x, new Matrix(n + 1, 1)), "X has " + n + " rows",
        "Y has " + (n + 1));
    t.add("SVGP.expectedLogLikelihood: non-finite X", () -> svgp.expectedLogLikelihood(xBad, y, rng), "X", at);
    t.add("SVGP.expectedLogLikelihood: non-finite Y", () -> svgp.expectedLogLikelihood(x, poke(y, r, 0, bad), rng),
        "Y", "row " + r);
    t.add("SVGP.predictF: non-finite Xnew", () -> svgp.predictF(xBad), "Xnew", at);
    t.add("SVGP.predictY: Xnew of the wrong width", () -> svgp.predictY(new Matrix(2, d + 1), rng), "Xnew",
        (d + 1) + " columns");
    t.add("SVGP.predictF: empty Xnew", () -> svgp.predictF(new Matrix(0, d)), "Xnew", "empty");
    t.add("SVGP: non-finite inducing points Z", () -> new SVGP(se, new Gaussian(0.1),
        new InducingPoints(poke(z, 0, c, bad)), 1), "Z", num(bad));
    t.add("SVGP: no latent GPs", () -> new SVGP(se, new Gaussian(0.1), new InducingPoints(z), badCount), "K="
        + badCount);
    t.add("GPR: non-positive noise variance", () -> new GPR(data, se, nonPositive), "variance", num(nonPositive));
    t.add("GPR.predictF: non-finite Xnew", () -> gpr.predictF(xBad), "Xnew", at);
    t.add("GPR.predictLogDensity: Xnew and Ynew rows differ", () -> gpr.predictLogDensity(x, new Matrix(n + 2, 1)),
        "Xnew", "Ynew", String.valueOf(n + 2));
    t.add("SGPR.predictF: Xnew of the wrong width", () -> sgpr.predictF(new Matrix(3, d + 2)), "Xnew",
        (d + 2) + " columns");
    t.add("SGPR: inducing points of the wrong width", () -> new SGPR(data, se,
        new InducingPoints(new Matrix(m, d + 1)), 0.1).elbo(), "X has " + d + " columns", "inducing points");
    t.add("SGPR.predictY: non-finite Xnew", () -> sgpr.predictY(xBad), "Xnew", at);
    t.add("DeepGPBuilder: non-finite X", () -> new DeepGPBuilder(xBad, new Gaussian(0.1), 1).numInducing(m)
        .build(rng), "X", at);
    t.add("DeepGPBuilder: non-positive M", () -> new DeepGPBuilder(x, new Gaussian(0.1), 1).numInducing(badCount),
        "inducing", String.valueOf(badCount));
    t.add("DeepGPBuilder: M larger than N", () -> new DeepGPBuilder(x, new Gaussian(0.1), 1).numInducing(n + 1)
        .build(rng), String.valueOf(n + 1), "only " + n);
    t.add("DeepGPBuilder: non-positive S", () -> new DeepGPBuilder(x, new Gaussian(0.1), 1).numSamples(badCount),
        "samples", String.valueOf(badCount));
    t.add("DeepGPBuilder: non-positive hidden width", () -> new DeepGPBuilder(x, new Gaussian(0.1), 1)
        .hiddenWidths(2, badCount), "hidden widths", String.valueOf(badCount));
    t.add("DeepGPBuilder: empty X", () -> new DeepGPBuilder(new Matrix(0, d), new Gaussian(0.1), 1), "X", "empty");
    t.add("DeepGP.setNumSamples: non-positive S", () -> dgp.setNumSamples(badCount), "samples",
        String.valueOf(badCount));
    t.add("DeepGP.predictY: non-finite Xnew", () -> dgp.predictY(xBad, 2, rng), "Xnew", at);
    t.add("DeepGP.predictY: non-positive S", () -> dgp.predictY(x, badCount, rng), "samples",
        String.valueOf(badCount));
    t.add("DeepGP.predictLogDensity: non-finite Ynew", () -> dgp.predictLogDensity(x, poke(y, r, 0, bad), 2, rng),
        "Ynew", "row " + r);
    t.add("DeepGP.expectedLogLikelihood: X of the wrong width", () -> dgp.expectedLogLikelihood(new Matrix(n, d + 1),
        y, rng), "X has " + (d + 1) + " columns");
    int classes = rc.dim(2, 5);
    Matrix labels = new Matrix(n, 1);
    labels.set(r, 0, classes);
    SVGP classifier = new SVGP(se, new MultiClass(classes), new InducingPoints(z), classes);
    t.add("Elbo: class label out of range", () -> new Elbo(classifier, new Dataset(x, labels)), "Y", "row " + r,
        "label " + (double) classes);
    t.add("MultiClass: fewer than 2 classes", () -> new MultiClass(1), "2 classes", "got 1");
    t.add("Softmax: no Monte Carlo samples", () -> new Softmax(3, badCount), "sample", String.valueOf(badCount));
    t.add("Gaussian: non-positive variance", () -> new Gaussian(nonPositive), "variance", num(nonPositive));
    t.add("StudentT: non-positive scale", () -> new StudentT(3.0, nonPositive), "scale", num(nonPositive));
    t.add("StudentT: non-positive degrees of freedom", () -> new StudentT(nonPositive, 1.0), "degrees of freedom",
        num(nonPositive));
    t.add("KMeansInit: non-positive M", () -> KMeansInit.centres(x, badCount, rng), "inducing points",
        String.valueOf(badCount));
    t.add("KMeansInit: non-finite X", () -> KMeansInit.centres(xBad, 2, rng), "X", at);

    // ---- trainer and optimisers ----
    Trainer trainer = new Trainer(new Elbo(svgp, data), rng);
    t.add("Trainer.batchSize: negative", () -> trainer.batchSize(-1 - rc.rng().nextInt(5)), "batch size");
    t.add("Trainer.batchSize: minibatches of a full-batch objective",
        () -> new Trainer(FullBatch.marginalLikelihood(gpr), rng).batchSize(1), "full-batch");
    t.add("Trainer.every: non-positive interval", () -> trainer.every(badCount, p -> { }), "interval",
        String.valueOf(badCount));
    t.add("Trainer.adam: negative steps", () -> trainer.adam(new Adam(svgp), -3), "steps", "-3");
    t.add("Trainer.checkpointTo: negative step interval", () -> trainer.checkpointTo(
        new CheckpointManager(Path.of("unused"), 1), -2, 0), "everySteps", "-2");
    t.add("Trainer.checkpointTo: non-finite time interval", () -> trainer.checkpointTo(
        new CheckpointManager(Path.of("unused"), 1), 0, bad), "everySeconds", num(bad));
    t.add("CheckpointManager: keep nothing", () -> new CheckpointManager(Path.of("unused"), badCount), "keep",
        String.valueOf(badCount));
    t.add("Adam.learningRate: non-positive", () -> new Adam(svgp).learningRate(nonPositive), "learning rate",
        num(nonPositive));
    t.add("Adam.learningRate: non-finite", () -> new Adam(svgp).learningRate(bad), "learning rate", num(bad));
    t.add("MinibatchStream: batch larger than the data", () -> new MinibatchStream(rng, n, n + 1), "batch size",
        String.valueOf(n + 1));
    t.add("MinibatchStream: non-positive batch", () -> new MinibatchStream(rng, n, badCount), "batch size",
        String.valueOf(badCount));
    t.add("Lbfgs.maxIterations: negative", () -> new Lbfgs().maxIterations(-4), "maxIterations", "-4");

    // ---- kernels (bms-kernels) ----
    int li = rc.rng().nextInt(d);
    double badLength = rc.rng().nextBoolean() ? nonPositive : bad;
    Matrix badLengths = poke(Matrix.ones(1, d), 0, li, badLength);
    t.add("SquaredExponential: non-positive variance", () -> new SquaredExponential(nonPositive, 1.0), "variance",
        num(nonPositive));
    t.add("SquaredExponential: bad lengthscale", () -> new SquaredExponential(1.0, badLengths), "lengthscales",
        num(badLength), Double.isFinite(badLength) ? "index " + li : "(0, " + li + ")");
    t.add("Matern52: non-finite variance", () -> new Matern52(bad, 1.0), "variance", num(bad));
    t.add("SquaredExponential.K: ARD width differs from X", () -> se.K(Var.constant(new Matrix(3, d + 1))),
        d + " lengthscales", (d + 1) + " (active) columns");
    t.add("Periodic: non-positive period", () -> new Periodic(1.0, 1.0, nonPositive), "period", num(nonPositive));
    t.add("RationalQuadratic: non-positive alpha", () -> new RationalQuadratic(1.0, 1.0, nonPositive), "alpha",
        num(nonPositive));
    t.add("Linear: non-positive variance", () -> new Linear(nonPositive), "variance", num(nonPositive));
    t.add("Polynomial: degree 0", () -> new Polynomial(0, 1.0, 1.0), "degree", "0");
    t.add("Polynomial: non-positive offset", () -> new Polynomial(2, 1.0, nonPositive), "offset", num(nonPositive));
    t.add("ArcCosine: order 3", () -> new ArcCosine(3), "order", "3");
    t.add("White: non-positive variance", () -> new White(nonPositive), "variance", num(nonPositive));
    t.add("Constant: non-positive variance", () -> new Constant(nonPositive), "variance", num(nonPositive));
    t.add("Kernel.K: active dimension beyond X", () -> new SquaredExponential(1.0, Matrix.ones(1, 1), new int[] {d})
        .K(Var.constant(x)), "active dimension " + d, d + " columns");
    t.add("Kernel: negative active dimension", () -> new SquaredExponential(1.0, Matrix.ones(1, 1), new int[] {-1}),
        "active dimension -1");
    t.add("InducingPoints: no rows", () -> new InducingPoints(new Matrix(0, d)), "at least one row");
    int side = rc.dim(4, 6);
    bms.kernels.image.ImageShape image = bms.kernels.image.ImageShape.gray(side, side);
    Convolutional conv = new Convolutional(new SquaredExponential(1.0, 1.0), image, PatchShape.of(3, 3));
    t.add("Convolutional.K: images of the wrong size", () -> conv.K(Var.constant(new Matrix(2, side * side + 1))),
        side * side + " columns", String.valueOf(side * side + 1));
    t.add("Convolutional: patch larger than the image", () -> new Convolutional(new SquaredExponential(1.0, 1.0),
        image, PatchShape.of(side + 1, 2)), "does not fit", side + "x" + side);
    t.add("Convolutional.setBlockEntries: non-positive", () -> conv.setBlockEntries(badCount), "block entries",
        String.valueOf(badCount));
    t.add("ImageShape (kernels): zero height", () -> bms.kernels.image.ImageShape.gray(0, side),
        "0x" + side);
    t.add("PatchShape: zero stride", () -> new PatchShape(2, 2, 0, 1), "strides", "0x1");
    t.add("SVGP with a convolutional kernel: images of the wrong size", () -> new SVGP(conv, new Gaussian(0.1),
        new InducingPatches(rc.uniform(m, 9, 0, 1)), 1).predictF(new Matrix(2, side * side - 1)),
        side * side + " columns", String.valueOf(side * side - 1));

    // ---- invariance (bms-invariance) ----
    ImageShape shape = ImageShape.gray(side, side);
    RotationOrbit rotation = new RotationOrbit(shape, 30, 3, EpsilonSource.seeded(seed));
    Invariant inv = Invariant.forVariationalModels(new SquaredExponential(1.0, 1.0), rotation);
    t.add("ImageShape: zero channels", () -> ImageShape.planar(0, side, side), "channels", ">= 1");
    t.add("ImageShape.squareOf: not a square", () -> ImageShape.squareOf(side * side + 1),
        String.valueOf(side * side + 1), "square");
    double angle = rc.rng().nextBoolean() ? nonPositive : 180 + rc.rng().nextInt(90);
    t.add("RotationOrbit: angle range out of (0, 180)", () -> new RotationOrbit(shape, angle, 3,
        EpsilonSource.seeded(seed)), "angle range", num(angle));
    t.add("RotationOrbit: non-positive samples", () -> new RotationOrbit(shape, 30, badCount,
        EpsilonSource.seeded(seed)), "samples", String.valueOf(badCount));
    t.add("Invariant.K: images of the wrong size", () -> inv.K(Var.constant(new Matrix(2, side * side + 2))),
        (side * side + 2) + " columns", side + "x" + side);
    t.add("SVGP with an invariant kernel: images of the wrong size", () -> new SVGP(inv, new Gaussian(0.1),
        new InvariantInducingPoints(rc.uniform(m, side * side, 0, 1)), 1).predictF(new Matrix(2, side * side + 3)),
        "Xnew", (side * side + 3) + " columns");
    Invariant oneSample = Invariant.forVariationalModels(new SquaredExponential(1.0, 1.0),
        new RotationOrbit(shape, 30, 1, EpsilonSource.seeded(seed)));
    t.add("Invariant.diagonal: off-diagonal estimate with one sample", () -> oneSample.diagonal(
        oneSample.sample(Var.constant(new Matrix(1, side * side))), true), "S >= 2");
    t.add("PermutationOrbit.swapDims: one column twice", () -> PermutationOrbit.swapDims(d, c, c), "distinct",
        c + ", " + c);
    t.add("PermutationOrbit.apply: X of the wrong width", () -> PermutationOrbit.swapDims(d, 0, 1)
        .apply(Var.constant(new Matrix(2, d + 1))), "permutes " + d + " columns");
    t.add("SubsampledOrbit: non-positive samples", () -> new SubsampledOrbit(PermutationOrbit.swapDims(d, 0, 1),
        badCount, EpsilonSource.seeded(seed)), "samples", String.valueOf(badCount));
    t.add("GeneralAffineOrbit: bounds of the wrong shape", () -> new GeneralAffineOrbit(shape, new Matrix(1, 5),
        new Matrix(1, 6), 2, EpsilonSource.seeded(seed)), "1x6", "1x5");
    t.add("GeneralAffineOrbit.aroundIdentity: negative half-width", () -> GeneralAffineOrbit.aroundIdentity(shape,
        nonPositive - 0.5, 2, EpsilonSource.seeded(seed)), "halfWidth", num(nonPositive - 0.5));
    t.add("InterpretableAffineOrbit: angle range out of bounds", () -> new InterpretableAffineOrbit(shape,
        new InterpretableAffineOrbit.Ranges(nonPositive, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1), 2,
        EpsilonSource.seeded(seed)), "angle", num(nonPositive));
    double e = 1 + rc.rng().nextDouble();
    t.add("EpsilonSource.constant: eps outside [0, 1]", () -> EpsilonSource.constant(poke(new Matrix(2, 3), 1, 2, e)),
        "[0, 1]", num(e));
    return t.cases;
  }
}
