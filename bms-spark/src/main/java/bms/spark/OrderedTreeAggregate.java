package bms.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import scala.Tuple2;

/**
 * Spark's {@code treeAggregate}, made reproducible: the same tree of partial sums (about
 * depth-th-root-of-P partials merged per node, the final level on the driver), but every node
 * merges its inputs in partition order. Spark's own {@code treeAggregate} merges in the order
 * shuffle blocks and task results arrive, so floating-point sums differ in the last bits from run
 * to run; that is harmless for one L-BFGS run but breaks "a resumed job continues exactly",
 * which needs bit-identical gradients. Communication is the same: each level moves one partial
 * per input partition, never the data.
 */
public final class OrderedTreeAggregate {
  private OrderedTreeAggregate() {}

  /**
   * Merges the elements of {@code partials} (at most one per partition: the per-partition
   * results of a {@code mapPartitions}) with {@code merge}, in partition order at every node of a
   * tree of the given depth; empty when there are none. {@code merge} may update and return its
   * first argument.
   */
  public static <T extends Serializable> java.util.Optional<T> aggregate(JavaRDD<T> partials,
      Function2<T, T, T> merge, int depth) {
    if (depth < 1) throw new IllegalArgumentException("tree depth must be >= 1, got " + depth);
    JavaPairRDD<Integer, T> level = partials.mapPartitionsWithIndex((i, it) -> {
      List<Tuple2<Integer, T>> out = new ArrayList<>(1);
      while (it.hasNext()) out.add(new Tuple2<>(i, it.next()));
      if (out.size() > 1) throw new IllegalStateException("partition " + i + " holds " + out.size() + " partials, not one");
      return out.iterator();
    }, true).mapToPair(t -> t);
    int n = partials.getNumPartitions();
    int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
    // Spark's rule: another level only while it saves the driver work.
    while (n > scale + (n + scale - 1) / scale) {
      n = (n + scale - 1) / scale;
      int s = scale;
      level = level.mapToPair(t -> new Tuple2<>(t._1() / s, t))
          .groupByKey(new HashPartitioner(n))
          .mapToPair(g -> new Tuple2<>(g._1(), mergeInOrder(g._2(), merge)));
    }
    List<Tuple2<Integer, T>> last = new ArrayList<>(level.collect());
    if (last.isEmpty()) return java.util.Optional.empty();
    try {
      return java.util.Optional.of(mergeInOrder(last, merge));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("merging partial results failed", e);
    }
  }

  private static <T> T mergeInOrder(Iterable<Tuple2<Integer, T>> parts, Function2<T, T, T> merge) throws Exception {
    List<Tuple2<Integer, T>> sorted = new ArrayList<>();
    parts.forEach(sorted::add);
    sorted.sort(Comparator.comparing(Tuple2::_1));
    T acc = sorted.get(0)._2();
    for (int i = 1; i < sorted.size(); i++) acc = merge.call(acc, sorted.get(i)._2());
    return acc;
  }
}
