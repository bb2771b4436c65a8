package bms.spark.select;

import bms.dgp.selection.Fit;
import java.io.Serializable;
import java.util.OptionalDouble;

/**
 * The numbers of a {@link Fit} that the criteria read, as a serialisable value: what a fit task
 * sends back to the driver. The trained model stays on the executor, so criteria that need it
 * (prequential) cannot be distributed this way.
 */
record FitNumbers(double boundPerPoint, double testLogLik, double[] objectiveTrace, Double exact, Double speed)
    implements Fit, Serializable {

  static FitNumbers of(Fit f) {
    return new FitNumbers(f.boundPerPoint(), f.testLogLik(), f.objectiveTrace().clone(),
        f.exactLogMarginalPerPoint().isPresent() ? f.exactLogMarginalPerPoint().getAsDouble() : null,
        f.trainingSpeedEstimatePerPoint().isPresent() ? f.trainingSpeedEstimatePerPoint().getAsDouble() : null);
  }

  @Override
  public double[] objectiveTrace() {
    return objectiveTrace.clone();
  }

  @Override
  public OptionalDouble exactLogMarginalPerPoint() {
    return exact == null ? OptionalDouble.empty() : OptionalDouble.of(exact);
  }

  @Override
  public OptionalDouble trainingSpeedEstimatePerPoint() {
    return speed == null ? OptionalDouble.empty() : OptionalDouble.of(speed);
  }
}
