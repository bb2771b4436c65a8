package bms.dgp.evidence;

/**
 * The prequential (one-step-ahead) decomposition of a log evidence: log p(y) = sum_i
 * log p(y_order[i] | y_order[0..i-1]). {@code terms[i]} is the i-th predictive log density, summed
 * over output columns; the total does not depend on the order, the terms do.
 *
 * @param order the data indices in the order they were revealed
 * @param terms log p(y_order[i] | earlier data), nats
 */
public record PrequentialEvidence(int[] order, double[] terms) {
  public PrequentialEvidence {
    if (order.length != terms.length) {
      throw new IllegalArgumentException("order has " + order.length + " indices but there are " + terms.length
          + " terms");
    }
    order = order.clone();
    terms = terms.clone();
  }

  @Override
  public int[] order() {
    return order.clone();
  }

  @Override
  public double[] terms() {
    return terms.clone();
  }

  /** log p(y), the sum of the terms. */
  public double total() {
    double s = 0;
    for (double t : terms) s += t;
    return s;
  }

  /** The sum of the first {@code count} terms: log p(y_order[0..count-1]). */
  public double partialSum(int count) {
    if (count < 0 || count > terms.length) {
      throw new IllegalArgumentException("count must be in 0.." + terms.length + ", got " + count);
    }
    double s = 0;
    for (int i = 0; i < count; i++) s += terms[i];
    return s;
  }
}
