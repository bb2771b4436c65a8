package bms.spark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bms.spark.SparkTestSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColumnInputTest {
  private static Path csv(Path dir, String body) throws IOException {
    Path p = dir.resolve("data.csv");
    Files.writeString(p, body);
    return p;
  }

  private static double[] column(List<DataBlock> blocks, boolean x, int col) {
    return blocks.stream().sorted(Comparator.comparingLong(DataBlock::first)).flatMapToDouble(b -> {
      int w = x ? b.inputDim() : b.outputDim();
      double[] v = new double[b.rows()];
      for (int i = 0; i < b.rows(); i++) v[i] = (x ? b.x() : b.y())[i * w + col];
      return java.util.Arrays.stream(v);
    }).toArray();
  }

  @Test
  void readsCsvAndParquetColumnsByNameInFileOrder(@TempDir Path dir) throws IOException {
    SparkSession spark = SparkTestSession.get();
    StringBuilder sb = new StringBuilder("id,b,label,a\n");
    for (int i = 0; i < 25; i++) sb.append(i).append(',').append(i * 0.5).append(',').append(-i).append(',').append(i * i).append('\n');
    Path p = csv(dir, sb.toString());
    JavaRDD<DataBlock> blocks = ColumnInput.read(spark, p.toString(), "csv", List.of("a", "b"), List.of("label"), 4);
    List<DataBlock> all = blocks.collect();
    assertEquals(25, all.stream().mapToInt(DataBlock::rows).sum());
    assertTrue(all.stream().allMatch(b -> b.rows() <= 4));
    double[] a = column(all, true, 0), label = column(all, false, 0);
    for (int i = 0; i < 25; i++) {
      assertEquals(i * i, a[i]);
      assertEquals(-i, label[i]);
    }
    // The same rows through Parquet, typed columns this time.
    Path parquet = dir.resolve("data.parquet");
    spark.read().option("header", "true").option("inferSchema", "true").csv(p.toString()).write().mode(SaveMode.Overwrite)
        .parquet(parquet.toString());
    List<DataBlock> fromParquet = ColumnInput.read(spark, parquet.toString(), "parquet", List.of("a", "b"),
        List.of("label"), 4).collect();
    assertArrayEquals(a, column(fromParquet, true, 0));
    assertArrayEquals(column(all, true, 1), column(fromParquet, true, 1));
  }

  private static String error(Path dir, String body, List<String> x) throws IOException {
    Path p = csv(dir, body);
    return assertThrows(InputException.class,
        () -> ColumnInput.read(SparkTestSession.get(), p.toString(), "csv", x, List.of("y"), 2)).getMessage();
  }

  @Test
  void badInputNamesTheColumnAndTheRow(@TempDir Path dir) throws IOException {
    String missing = error(dir, "a,y\n1,2\n", List.of("a", "b"));
    assertTrue(missing.contains("column 'b' is not in") && missing.contains("[a, y]"), missing);

    String text = error(dir, "a,y\n1,2\n3,4\n5,x7\n", List.of("a"));
    assertTrue(text.contains("column 'y', data row 3") && text.contains("'x7' is not a number"), text);

    String nan = error(dir, "a,y\n1,2\nNaN,4\n", List.of("a"));
    assertTrue(nan.contains("column 'a', data row 2") && nan.contains("NaN"), nan);

    String empty = error(dir, "a,y\n1,2\n3,4\n,5\n", List.of("a"));
    assertTrue(empty.contains("column 'a', data row 3") && empty.contains("missing"), empty);
  }

  @Test
  void nonNumericColumnTypesAreRefused(@TempDir Path dir) {
    SparkSession spark = SparkTestSession.get();
    org.apache.spark.sql.Dataset<Row> df = spark.sql("SELECT CAST(1.0 AS DOUBLE) AS a, true AS flag");
    InputException e = assertThrows(InputException.class,
        () -> ColumnInput.fromDataFrame(df, "the query", List.of("a"), List.of("flag"), 10));
    assertTrue(e.getMessage().contains("column 'flag' of the query has type boolean"), e.getMessage());
  }

  @Test
  void syntheticRowsDependOnSeedAndRowOnlyNotOnPartitioning() {
    List<DataBlock> a = SyntheticRegression.generate(SparkTestSession.context(), 1000, 3, 4, 128, 0.1, 5).collect();
    List<DataBlock> b = SyntheticRegression.generate(SparkTestSession.context(), 1000, 3, 7, 1000, 0.1, 5).collect();
    assertEquals(1000, a.stream().mapToInt(DataBlock::rows).sum());
    assertTrue(a.stream().allMatch(x -> x.rows() <= 128));
    for (int j = 0; j < 3; j++) assertArrayEquals(column(a, true, j), column(b, true, j));
    assertArrayEquals(column(a, false, 0), column(b, false, 0));
  }
}
