package bms.dgp.likelihoods;

import bms.core.autodiff.Var;

/** Predictive mean and variance of the observations y at N points: both N x P. */
public record Moments(Var mean, Var variance) {}
