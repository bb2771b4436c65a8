package bms.spark.sgpr;

import java.io.Serializable;

/**
 * dBound/d(statistic) for the data-dependent statistics, computed by the driver and broadcast:
 * each partition turns them into its share of dBound/dtheta by the chain rule
 * (see {@link PartitionSgpr#gradient}). yy needs none: it does not depend on theta.
 */
record SgprAdjoints(int m, int p, double[] psi, double[] phi, double kdiag) implements Serializable {}
