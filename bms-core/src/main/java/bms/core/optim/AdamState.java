package bms.core.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam's state as plain data, for checkpoints: the number of steps taken and, for each parameter
 * path, the first and second moment estimates of its unconstrained gradient (row-major). With
 * the parameter values it is all that is needed to continue a run identically.
 *
 * @param step steps taken so far
 * @param firstMoments path to the moving average of gradients, m
 * @param secondMoments path to the moving average of squared gradients, v
 */
public record AdamState(long step, Map<String, double[]> firstMoments, Map<String, double[]> secondMoments) {

  /** Copies the arrays and checks that both maps cover the same paths with the same lengths. */
  public AdamState {
    if (step < 0) {
      throw new IllegalArgumentException("Adam step count must be >= 0, got " + step);
    }
    if (!firstMoments.keySet().equals(secondMoments.keySet())) {
      throw new IllegalArgumentException("first moments cover " + firstMoments.keySet()
          + " but second moments cover " + secondMoments.keySet());
    }
    for (Map.Entry<String, double[]> e : firstMoments.entrySet()) {
      int a = e.getValue().length;
      int b = secondMoments.get(e.getKey()).length;
      if (a != b) {
        throw new IllegalArgumentException("moments of '" + e.getKey() + "' have lengths " + a + " and " + b);
      }
    }
    firstMoments = copy(firstMoments);
    secondMoments = copy(secondMoments);
  }

  private static Map<String, double[]> copy(Map<String, double[]> m) {
    Map<String, double[]> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, v.clone()));
    return Collections.unmodifiableMap(out);
  }
}
