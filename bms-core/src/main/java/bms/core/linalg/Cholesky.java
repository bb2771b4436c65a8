package bms.core.linalg;

import bms.core.matrix.Matrix;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cholesky factorisation with escalating jitter (docs/BACKGROUND.md section 8): the most common
 * numerical complaint of GP users is handled here, once, for every model.
 */
public final class Cholesky {
  private static final Logger LOG = LoggerFactory.getLogger(Cholesky.class);
  private static final AtomicLong RETRIES = new AtomicLong();
  // Per thread as well, so a trainer counts its own retries even when other runs share the JVM.
  private static final ThreadLocal<long[]> THREAD_RETRIES = ThreadLocal.withInitial(() -> new long[1]);

  private Cholesky() {}

  /** The lower factor and the jitter that was added to the diagonal to get it. */
  public record Result(Matrix factor, double jitter) {}

  /** Number of jitter retries since the process started (training logs report it). */
  public static long retryCount() {
    return RETRIES.get();
  }

  /** Number of jitter retries made by factorisations on the calling thread. */
  public static long retryCountOnThisThread() {
    return THREAD_RETRIES.get()[0];
  }

  /** Factorises {@code a} with the default policy; {@code name} appears in logs and errors. */
  public static Result factor(Matrix a, String name) {
    return factor(a, name, JitterPolicy.defaultPolicy(), Backends.current());
  }

  public static Result factor(Matrix a, String name, JitterPolicy policy, LinalgBackend backend) {
    if (!a.isSquare()) {
      throw new IllegalArgumentException("Cholesky of " + name + ": matrix must be square, got " + a.shapeString());
    }
    int n = a.rows();
    double[] d = a.data();
    double meanDiag = 0;
    for (int i = 0; i < n; i++) {
      double v = d[i * n + i];
      if (!Double.isFinite(v)) {
        throw new CholeskyFailedException(name, n, 0, 0, "diagonal entry " + i + " is " + v);
      }
      meanDiag += v;
    }
    meanDiag = n == 0 ? 1.0 : meanDiag / n;
    if (!(meanDiag > 0)) {
      throw new CholeskyFailedException(name, n, 0, 0, "the mean diagonal is " + meanDiag + " (not positive)");
    }
    int bad = a.firstNonFinite();
    if (bad >= 0) {
      throw new CholeskyFailedException(name, n, 0, 0,
          "entry (" + bad / n + ", " + bad % n + ") is " + d[bad]);
    }
    double unit = policy.unit(meanDiag);
    double jitter = policy.initialRelative() * unit;
    int attempts = 0;
    while (true) {
      attempts++;
      Matrix work = a.copy();
      if (jitter > 0) {
        double[] w = work.data();
        for (int i = 0; i < n; i++) w[i * n + i] += jitter;
      }
      if (backend.potrf(work)) {
        return new Result(work, jitter);
      }
      if (attempts > policy.maxRetries()) {
        throw new CholeskyFailedException(name, n, jitter, attempts, "");
      }
      double next = jitter > 0 ? jitter * policy.growth() : policy.fallbackRelative() * unit;
      RETRIES.incrementAndGet();
      THREAD_RETRIES.get()[0]++;
      LOG.warn("Cholesky of {} ({}x{}) failed with jitter {}; retrying with {}", name, n, n, jitter, next);
      jitter = next;
    }
  }
}
