package bms.examples.study;

/** Named settings of the MNIST studies ({@code --preset}). */
public enum StudyPreset {
  /**
   * The published settings: for {@code bms mnist} the doubly-stochastic deep GP paper's MNIST
   * notebook (all 60,000 / 10,000 digits at 28 x 28, M = 100, batch 1000, 20,000 Adam steps at
   * 0.01, hidden width 30, one sample per point) and the convolutional GP paper's M = 750,
   * batch 200; for {@code bms rotated-mnist} the invariant-GP paper's scale (12,000 training
   * digits, the 10,000 test digits, M = 1000, batch 200, S = 10 orbit samples).
   */
  published
}
