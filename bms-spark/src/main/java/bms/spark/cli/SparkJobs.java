package bms.spark.cli;

import bms.dgp.random.RandomStream;
import bms.spark.data.DataBlock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** What the bms-spark commands share: the session they run on and their inducing inputs. */
final class SparkJobs {
  private SparkJobs() {}

  /** Refuses an option below its smallest allowed value, naming it. */
  static void requireAtLeast(String option, double value, double min) {
    if (!(value >= min)) throw new IllegalArgumentException(option + " must be >= " + fmt(min) + ", got " + fmt(value));
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** A command's work on a session. */
  interface Body {
    int run(SparkSession spark, JavaSparkContext sc) throws IOException;
  }

  /**
   * Runs {@code body} on the session already running in this JVM (a notebook, a test), which is
   * left running, or on a new one for {@code master} (spark-submit's when null), stopped after.
   */
  static int run(String appName, String master, Body body) throws IOException {
    boolean own = SparkSession.getDefaultSession().isEmpty();
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    if (master != null) b.master(master);
    SparkSession spark = b.getOrCreate();
    if (own) spark.sparkContext().setLogLevel("WARN");
    try {
      return body.run(spark, JavaSparkContext.fromSparkContext(spark.sparkContext()));
    } finally {
      if (own) spark.stop();
    }
  }

  /**
   * M x D inducing inputs, row-major: for synthetic data uniform on its box [-2, 2]^D, otherwise
   * M rows drawn without replacement from the data.
   */
  static double[] inducingInputs(JavaRDD<DataBlock> data, int m, int d, boolean synthetic, long seed) {
    if (m < 1) throw new IllegalArgumentException("--inducing must be >= 1, got " + m);
    double[] z = new double[m * d];
    if (synthetic) {
      RandomStream rng = new RandomStream(seed).child("inducing");
      for (int i = 0; i < z.length; i++) z[i] = 4 * rng.nextDouble() - 2;
      return z;
    }
    List<double[]> rows = data.flatMap(b -> {
      List<double[]> r = new ArrayList<>();
      for (int i = 0; i < b.rows(); i++) r.add(Arrays.copyOfRange(b.x(), i * b.inputDim(), (i + 1) * b.inputDim()));
      return r.iterator();
    }).takeSample(false, m, seed);
    if (rows.size() < m) {
      throw new IllegalArgumentException("--inducing " + m + " is more than the " + rows.size() + " data rows");
    }
    for (int i = 0; i < m; i++) System.arraycopy(rows.get(i), 0, z, i * d, d);
    return z;
  }
}
