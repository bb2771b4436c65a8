package bms.core.checkpoint;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.optim.Adam;
import bms.core.param.Module;
import bms.core.param.Parameter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * A small stochastic training run used by the checkpoint tests, also runnable as a separate
 * process: minibatch linear regression with a positive noise parameter, where the minibatch
 * draws come from a seeded generator, so resuming needs the generator state too (saved as
 * numbers, {@link GeneratorState}).
 */
public final class ToyTraining {
  static final class Model extends Module {
    final Parameter w = addParameter("w", Parameter.unconstrained(Matrix.column(0.1, -0.2, 0.3)));
    final Parameter noise = addParameter("noise", Parameter.positive(0.5));
  }

  final Model model = new Model();
  final Adam adam = new Adam(model).learningRate(0.05);
  Lcg48 rng;
  long step;
  private final Matrix x;
  private final Matrix y;

  ToyTraining(long seed) {
    Random data = new Random(42);
    x = Matrix.randn(200, 3, data);
    y = new Matrix(200, 1);
    for (int i = 0; i < 200; i++) {
      y.data()[i] = 1.5 * x.get(i, 0) - 0.7 * x.get(i, 1) + 0.2 * x.get(i, 2) + 0.3 * data.nextGaussian();
    }
    rng = new Lcg48(seed);
  }

  void train(int steps) {
    for (int s = 0; s < steps; s++) {
      int[] batch = new int[20];
      for (int i = 0; i < batch.length; i++) batch[i] = rng.nextInt(200);
      Var xb = Var.constant(x).gatherRows(batch);
      Var yb = Var.constant(y).gatherRows(batch);
      adam.step(() -> {
        Var r = yb.sub(xb.matmul(model.w.var()));
        Var s2 = model.noise.var();
        // negative Gaussian log likelihood (up to a constant), scaled to the full data
        return r.square().sum().div(s2).mulScalar(0.5).add(s2.log().mulScalar(0.5 * batch.length)).mulScalar(10.0);
      });
      step++;
    }
  }

  Checkpoint checkpoint() {
    return Checkpoints.capture(model, adam, Map.of("minibatch", rng.state()), Map.of("step", step));
  }

  /** All or nothing: the generator and the step are read and checked before restore changes the model. */
  void resume(Checkpoint c) {
    Lcg48 restored = Lcg48.restore(c.generator("minibatch"));
    long restoredStep = c.counter("step");
    Checkpoints.restore(c, model, adam);
    rng = restored;
    step = restoredStep;
  }

  /** args: checkpoint-in, steps, checkpoint-out. Resumes, trains, saves. */
  public static void main(String[] args) throws Exception {
    ToyTraining t = new ToyTraining(0);
    t.resume(CheckpointFile.read(Path.of(args[0])));
    t.train(Integer.parseInt(args[1]));
    CheckpointFile.write(t.checkpoint(), Path.of(args[2]));
  }
}
