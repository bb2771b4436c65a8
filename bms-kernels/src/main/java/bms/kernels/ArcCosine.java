package bms.kernels;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Parameter;

/**
 * The arc-cosine kernel of Cho and Saul (2009): the covariance of an infinitely wide one-layer
 * network with step (order 0), ReLU (order 1) or squared-ReLU (order 2) units, with Gaussian
 * weights of ARD variances w and a bias of variance b (parameterised as in GPflow):
 *
 * <pre>
 *   p(x, x') = sum_d w_d x_d x'_d + b,      cos theta = p(x, x') / sqrt(p(x, x) p(x', x'))
 *   k(x, x') = variance / pi * J_n(theta) * p(x, x)^(n/2) * p(x', x')^(n/2)
 *   J_0 = pi - theta
 *   J_1 = sin theta + (pi - theta) cos theta
 *   J_2 = 3 sin theta cos theta + (pi - theta) (1 + 2 cos^2 theta)
 * </pre>
 */
public final class ArcCosine extends Kernel {
  private final int order;
  private final Parameter variance;
  private final Parameter weightVariances;
  private final Parameter biasVariance;

  /**
   * @param order 0, 1 or 2
   * @param weightVariances 1 x D for ARD, or 1 x 1 shared (positive)
   */
  public ArcCosine(int order, double variance, Matrix weightVariances, double biasVariance, int[] activeDims) {
    super(activeDims);
    if (order < 0 || order > 2) {
      throw new IllegalArgumentException("ArcCosine order must be 0, 1 or 2, got " + order);
    }
    if (weightVariances.rows() != 1) {
      throw new IllegalArgumentException("weightVariances must be a 1 x D row, got " + weightVariances.shapeString());
    }
    this.order = order;
    this.variance = addParameterFrom("variance", () -> Parameter.positive(variance));
    this.weightVariances = addParameterFrom("weight_variances", () -> Parameter.positive(weightVariances));
    this.biasVariance = addParameterFrom("bias_variance", () -> Parameter.positive(biasVariance));
  }

  public ArcCosine(int order, double variance, double weightVariance, double biasVariance) {
    this(order, variance, Matrix.scalar(weightVariance), biasVariance, null);
  }

  /** GPflow's defaults: all variances 1. */
  public ArcCosine(int order) {
    this(order, 1.0, 1.0, 1.0);
  }

  public int order() {
    return order;
  }

  public Parameter variance() {
    return variance;
  }

  public Parameter weightVariances() {
    return weightVariances;
  }

  public Parameter biasVariance() {
    return biasVariance;
  }

  private Var weights(Var x) {
    Var w = weightVariances.var();
    if (w.cols() != 1 && w.cols() != x.cols()) {
      throw new IllegalArgumentException("ArcCosine has " + w.cols() + " weight variances but the input has "
          + x.cols() + " (active) columns");
    }
    return w;
  }

  /** p(x, x) for each row: N x 1. */
  private Var selfProduct(Var x) {
    return x.square().mul(weights(x)).rowSums().add(biasVariance.var());
  }

  @Override
  protected Var computeK(Var x, Var x2) {
    boolean self = x2 == x;
    Var px = selfProduct(x);
    Var px2 = self ? px : selfProduct(x2);
    Var cross = x.mul(weights(x)).matmult(x2).add(biasVariance.var());
    Var cos = cross.div(px.sqrt()).div(px2.sqrt().t());
    Var k = ArcCosineAngular.apply(cos, order, self).mul(variance.var());
    if (order == 0) return k;
    double half = order / 2.0;
    return k.mul(px.pow(half)).mul(px2.pow(half).t());
  }

  @Override
  protected Var computeKdiag(Var x) {
    // theta = 0: J_n(0) / pi = 1, 1, 3 for n = 0, 1, 2.
    Var px = selfProduct(x);
    Var scale = variance.var().mulScalar(ArcCosineAngular.valueAtZero(order));
    return order == 0 ? Var.constant(Matrix.ones(x.rows(), 1)).mul(scale) : px.pow(order).mul(scale);
  }
}
