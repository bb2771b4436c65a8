package bms.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.dgp.random.RandomStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

class OrderedTreeAggregateTest {

  /** Values of wildly different sizes, so that the order of the sum shows in the last bits. */
  private static List<Double> values(int n) {
    RandomStream rng = new RandomStream(4);
    List<Double> v = new ArrayList<>();
    for (int i = 0; i < n; i++) v.add(Math.pow(10, 16 * rng.nextDouble()) * (rng.nextDouble() - 0.5));
    return v;
  }

  @Test
  void mergesInPartitionOrderAtEveryLevel() {
    List<Double> v = values(37);
    for (int depth : new int[] {1, 2, 3}) {
      JavaRDD<Double> rdd = SparkTestSession.context().parallelize(v, 37);
      double got = OrderedTreeAggregate.aggregate(rdd, Double::sum, depth).orElseThrow();
      // The tree adds contiguous runs of partitions left to right: the same for every run and timing.
      double again = OrderedTreeAggregate.aggregate(rdd, Double::sum, depth).orElseThrow();
      assertEquals(Double.doubleToLongBits(got), Double.doubleToLongBits(again));
      double sequential = 0;
      for (double x : v) sequential += x;
      assertEquals(sequential, got, 1e-12 * v.stream().mapToDouble(Math::abs).max().orElseThrow());
    }
  }

  @Test
  void depthOneIsTheSequentialSumInPartitionOrder() {
    List<Double> v = values(9);
    double sequential = v.get(0);
    for (int i = 1; i < v.size(); i++) sequential += v.get(i);
    double got = OrderedTreeAggregate.aggregate(SparkTestSession.context().parallelize(v, 9), Double::sum, 1).orElseThrow();
    assertEquals(Double.doubleToLongBits(sequential), Double.doubleToLongBits(got));
  }

  @Test
  void emptyPartitionsAreSkippedAndNoPartialsGiveEmpty() {
    JavaRDD<Double> none = SparkTestSession.context().parallelize(List.<Double>of(), 3);
    assertTrue(OrderedTreeAggregate.aggregate(none, Double::sum, 2).isEmpty());
    JavaRDD<Double> some = SparkTestSession.context().parallelize(List.of(1.0, 2.0), 5);
    assertEquals(3.0, OrderedTreeAggregate.aggregate(some, Double::sum, 2).orElseThrow());
  }
}
