package bms.dgp.selection;

/** One cross-validation fold: train on {@code train}, score on {@code heldOut} of {@code heldOutSize} points. */
public record Fold<D>(D train, D heldOut, int heldOutSize) {
  public Fold {
    if (heldOutSize < 1) throw new IllegalArgumentException("a fold needs held-out points, got " + heldOutSize);
  }
}
