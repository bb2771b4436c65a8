package bms.examples.uci;

import bms.core.autodiff.Var;
import bms.core.matrix.Matrix;
import bms.core.param.Module;
import bms.dgp.data.Dataset;
import bms.dgp.init.KMeansInit;
import bms.dgp.likelihoods.Gaussian;
import bms.dgp.likelihoods.Likelihood;
import bms.dgp.likelihoods.Moments;
import bms.dgp.models.ConjugateRegression;
import bms.dgp.models.DeepGP;
import bms.dgp.models.DeepGPBuilder;
import bms.dgp.models.GPR;
import bms.dgp.models.SGPR;
import bms.dgp.models.SVGP;
import bms.dgp.models.VariationalModel;
import bms.dgp.objectives.Elbo;
import bms.dgp.objectives.FullBatch;
import bms.dgp.objectives.Objective;
import bms.dgp.random.RandomStream;
import bms.kernels.inducing.InducingPoints;
import java.util.Arrays;
import java.util.function.Supplier;

/** Builds the {@link RegressionModel} a {@link ModelSpec} names, initialised as {@link FitSettings} say. */
public final class RegressionModels {
  /** Exact GPs beyond this many training points would take hours per L-BFGS run (O(N^3)). */
  public static final int GPR_MAX_POINTS = 5000;
  /** Rows (points times samples) per chunk when the bound is evaluated on all the data. */
  private static final int BOUND_CHUNK_ROWS = 20_000;

  private RegressionModels() {}

  /**
   * A fresh model for {@code train} (standardised). Inducing points start at k-means centres of
   * the training inputs (seeded by {@code rng}); deep GPs are initialised by
   * {@link DeepGPBuilder} (identity means, inner q near the prior).
   */
  public static RegressionModel build(ModelSpec spec, FitSettings s, Dataset train, RandomStream rng) {
    return build(spec, s, LikelihoodChoice.GAUSSIAN, 1, train, rng);
  }

  /**
   * A fresh model with the given likelihood: gpr and sgpr need the Gaussian one; svgp and deep
   * GPs also classify ({@code classes} classes, targets 0..classes-1; ignored for Gaussian).
   */
  public static RegressionModel build(ModelSpec spec, FitSettings s, LikelihoodChoice likelihood, int classes,
      Dataset train, RandomStream rng) {
    int n = train.size();
    int d = train.inputDim();
    if (likelihood.classification() && !spec.stochastic()) {
      throw new IllegalArgumentException(spec.id() + " is for Gaussian likelihoods only; classify with svgp or dgpL");
    }
    if (spec.family() == ModelSpec.Family.GPR) {
      if (n > GPR_MAX_POINTS) {
        throw new IllegalArgumentException("gpr is exact and costs O(N^3): " + n + " training points is more than "
            + GPR_MAX_POINTS + "; use sgpr or svgp");
      }
      return Conjugate.exact(spec, new GPR(train, spec.kernel().create(d), s.noiseVariance()));
    }
    if (s.numInducing() > n) {
      throw new IllegalArgumentException("--inducing (M) = " + s.numInducing() + " is more than the " + n
          + " training points");
    }
    RandomStream init = rng.child("init");
    switch (spec.family()) {
      case SGPR: {
        Matrix z = KMeansInit.centres(train.x(), s.numInducing(), s.kmeansMaxPoints(), init);
        return Conjugate.collapsed(spec, new SGPR(train, spec.kernel().create(d), new InducingPoints(z),
            s.noiseVariance()));
      }
      case SVGP: {
        Matrix z = KMeansInit.centres(train.x(), s.numInducing(), s.kmeansMaxPoints(), init);
        Likelihood lik = likelihood.create(s.noiseVariance(), classes);
        SVGP m = new SVGP(spec.kernel().create(d), lik, new InducingPoints(z), lik.latentCount(1));
        return new Sparse(spec, m, train, s);
      }
      case DGP: {
        int[] widths = new int[spec.layers() - 1];
        Arrays.fill(widths, s.hiddenWidth(d));
        DeepGP m = new DeepGPBuilder(train.x(), likelihood.create(s.noiseVariance(), classes), 1).hiddenWidths(widths)
            .numInducing(s.numInducing()).kmeansMaxPoints(s.kmeansMaxPoints()).numSamples(s.trainSamples())
            .kernels(spec.kernel()::create).build(init);
        return new Deep(spec, m, train, s);
      }
      default:
        throw new IllegalStateException("unhandled family " + spec.family());
    }
  }

  /**
   * The ELBO on all of {@code data}: sum over chunks of E_q[log p(y | f)] minus the KL, with
   * {@code samples} Monte Carlo samples per point where the model samples.
   */
  static double fullElbo(VariationalModel model, Dataset data, int samples, RandomStream rng) {
    int per = Math.max(1, BOUND_CHUNK_ROWS / samples);
    double ell = 0;
    int[] index = new int[0];
    for (int i = 0; i < data.size(); i += per) {
      int hi = Math.min(data.size(), i + per);
      if (index.length != hi - i) {
        index = new int[hi - i];
      }
      for (int k = 0; k < index.length; k++) {
        index[k] = i + k;
      }
      Dataset part = i == 0 && hi == data.size() ? data : data.subset(index);
      ell += model.expectedLogLikelihood(part.x(), part.y(), rng.child(i)).scalar();
    }
    return ell - model.priorKL().scalar();
  }

  /** The Gaussian likelihood's variance; NaN for classifiers, which have none. */
  private static double noiseOf(Likelihood likelihood) {
    return likelihood instanceof Gaussian g ? g.variance().scalar() : Double.NaN;
  }

  private static RegressionModel.Prediction prediction(Moments m) {
    return new RegressionModel.Prediction(m.mean().value(), m.variance().value());
  }

  /**
   * GPR (the exact log marginal likelihood) or SGPR (Titsias' collapsed bound): a deterministic
   * objective for L-BFGS, whose value is the bound, and predictions in closed form.
   */
  private record Conjugate(ModelSpec spec, Module module, ConjugateRegression model, FullBatch objective,
      Supplier<Var> boundValue) implements RegressionModel {
    static Conjugate exact(ModelSpec spec, GPR m) {
      return new Conjugate(spec, m, m, FullBatch.marginalLikelihood(m), m::logMarginalLikelihood);
    }

    static Conjugate collapsed(ModelSpec spec, SGPR m) {
      return new Conjugate(spec, m, m, FullBatch.collapsedBound(m), m::elbo);
    }

    @Override
    public double bound(RandomStream rng) {
      return boundValue.get().scalar();
    }

    @Override
    public Prediction predict(Matrix x, RandomStream rng) {
      return prediction(model.predictY(x));
    }

    @Override
    public Matrix logDensity(Matrix x, Matrix y, RandomStream rng) {
      return model.predictLogDensity(x, y);
    }

    @Override
    public double noiseVariance() {
      return model.likelihood().variance().scalar();
    }
  }

  /** SVGP: one sample suffices for the bound, which is in closed form given q. */
  private record Sparse(ModelSpec spec, SVGP model, Dataset train, FitSettings settings) implements RegressionModel {
    @Override
    public Module module() {
      return model;
    }

    @Override
    public Objective objective() {
      return new Elbo(model, train);
    }

    @Override
    public double bound(RandomStream rng) {
      return fullElbo(model, train, 1, rng);
    }

    @Override
    public Prediction predict(Matrix x, RandomStream rng) {
      return prediction(model.predictY(x, rng));
    }

    @Override
    public Matrix logDensity(Matrix x, Matrix y, RandomStream rng) {
      return model.predictLogDensity(x, y, rng);
    }

    @Override
    public double noiseVariance() {
      return noiseOf(model.likelihood());
    }
  }

  /** Deep GP: training uses S = trainSamples, prediction S = testSamples. */
  private record Deep(ModelSpec spec, DeepGP model, Dataset train, FitSettings settings) implements RegressionModel {
    @Override
    public Module module() {
      return model;
    }

    @Override
    public Objective objective() {
      return new Elbo(model, train);
    }

    @Override
    public double bound(RandomStream rng) {
      return fullElbo(model, train, model.numSamples(), rng);
    }

    @Override
    public Prediction predict(Matrix x, RandomStream rng) {
      return prediction(model.predictY(x, settings.testSamples(), rng));
    }

    @Override
    public Matrix logDensity(Matrix x, Matrix y, RandomStream rng) {
      return model.predictLogDensity(x, y, settings.testSamples(), rng);
    }

    @Override
    public double noiseVariance() {
      return noiseOf(model.likelihood());
    }
  }
}
