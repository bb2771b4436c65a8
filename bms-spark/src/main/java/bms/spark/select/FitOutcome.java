package bms.spark.select;

import java.io.Serializable;

/** What a fit task returns: the fit's numbers or the message of the exception it threw, and its wall time. */
record FitOutcome(FitTask task, FitNumbers fit, String error, double seconds) implements Serializable {}
