package bms.spark.select;

import java.io.Serializable;

/** One (candidate, fold) fit; fold 0 is the main fit on the training part. */
record FitTask(int candidate, int fold) implements Serializable {}
