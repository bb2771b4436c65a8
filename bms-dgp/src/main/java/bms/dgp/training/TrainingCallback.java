package bms.dgp.training;

/**
 * Called every k steps of a run (and after the last one): log the bound, evaluate held-out data,
 * save a checkpoint. Throwing from a callback ends the run with that exception.
 */
@FunctionalInterface
public interface TrainingCallback {
  void onProgress(Progress progress);
}
