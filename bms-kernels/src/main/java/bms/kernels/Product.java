package bms.kernels;

import bms.core.autodiff.Var;
import java.util.List;

/** The element-wise product of kernels (positive semi-definite by the Schur product theorem). */
public final class Product extends Combination {

  public Product(List<? extends Kernel> kernels) {
    super(kernels);
  }

  public Product(Kernel... kernels) {
    this(List.of(kernels));
  }

  @Override
  protected Var computeK(Var x, Var x2) {
    Var out = null;
    for (Kernel k : kernels()) {
      Var term = k.K(x, x2);
      out = out == null ? term : out.mul(term);
    }
    return out;
  }

  @Override
  protected Var computeKdiag(Var x) {
    Var out = null;
    for (Kernel k : kernels()) {
      Var term = k.Kdiag(x);
      out = out == null ? term : out.mul(term);
    }
    return out;
  }
}
