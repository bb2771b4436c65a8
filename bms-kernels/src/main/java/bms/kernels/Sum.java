package bms.kernels;

import bms.core.autodiff.Var;
import java.util.ArrayList;
import java.util.List;

/** The sum of kernels: the covariance of a sum of independent GPs. */
public final class Sum extends Combination {

  public Sum(List<? extends Kernel> kernels) {
    super(kernels);
  }

  public Sum(Kernel... kernels) {
    this(List.of(kernels));
  }

  @Override
  protected Var computeK(Var x, Var x2) {
    List<Var> terms = new ArrayList<>();
    for (Kernel k : kernels()) terms.add(k.K(x, x2));
    return terms.size() == 1 ? terms.get(0) : Var.sumAll(terms);
  }

  @Override
  protected Var computeKdiag(Var x) {
    List<Var> terms = new ArrayList<>();
    for (Kernel k : kernels()) terms.add(k.Kdiag(x));
    return terms.size() == 1 ? terms.get(0) : Var.sumAll(terms);
  }
}
