package bms.spark.train;

import java.io.Serializable;

/** A partition's value and packed gradient; {@link #add} merges them in Spark's aggregation tree. */
final class GradientPartial implements Serializable {
  private static final long serialVersionUID = 1L;
  double value;
  final double[] gradient;
  long rows;

  GradientPartial(int size) {
    this.gradient = new double[size];
  }

  GradientPartial add(GradientPartial other) {
    value += other.value;
    for (int i = 0; i < gradient.length; i++) gradient[i] += other.gradient[i];
    rows += other.rows;
    return this;
  }
}
