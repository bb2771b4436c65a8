package bms.spark.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Training data from Spark's readers (CSV with a header row, Parquet, or any DataFrame), the
 * inputs and targets picked by column name, as persisted {@link DataBlock}s with global row
 * indices in the reader's order, kept in executor memory only (partitions that do not fit are
 * read again when needed; nothing is spilled to disk and read back). Numeric columns are read
 * as they are; string columns (CSV is read without schema inference, which would cost a pass)
 * are parsed. Anything else fails with
 * an {@link InputException} naming the column and, for bad values, the 1-based data row (header
 * not counted): a missing column, a non-numeric column type, an empty or null cell, a value that
 * is not a number, NaN or infinite.
 */
public final class ColumnInput {
  private ColumnInput() {}

  /** Reads {@code path} as {@code format} ("csv" with a header, or "parquet"). */
  public static JavaRDD<DataBlock> read(SparkSession spark, String path, String format, List<String> xColumns,
      List<String> yColumns, int blockRows) {
    org.apache.spark.sql.Dataset<Row> df = switch (format) {
      case "csv" -> spark.read().option("header", "true").option("inferSchema", "false").csv(path);
      case "parquet" -> spark.read().parquet(path);
      default -> throw new IllegalArgumentException("input format must be csv or parquet, got " + format);
    };
    return fromDataFrame(df, path, xColumns, yColumns, blockRows);
  }

  /**
   * The columns of {@code df} as blocks, persisted (memory only) and checked with
   * one pass, so bad data fail here with a clear message rather than in the first training step.
   * {@code source} names the input in messages.
   */
  public static JavaRDD<DataBlock> fromDataFrame(org.apache.spark.sql.Dataset<Row> df, String source,
      List<String> xColumns, List<String> yColumns, int blockRows) {
    if (xColumns.isEmpty() || yColumns.isEmpty()) {
      throw new IllegalArgumentException("name at least one input and one target column");
    }
    if (blockRows < 1) throw new IllegalArgumentException("block rows must be >= 1, got " + blockRows);
    List<String> all = new ArrayList<>(xColumns);
    all.addAll(yColumns);
    List<String> present = Arrays.asList(df.columns());
    boolean[] parse = new boolean[all.size()];
    for (int j = 0; j < all.size(); j++) {
      String c = all.get(j);
      if (!present.contains(c)) {
        throw new InputException("column '" + c + "' is not in " + source + "; its columns are " + present);
      }
      DataType t = fieldOf(df, c).dataType();
      if (t.equals(DataTypes.StringType)) {
        parse[j] = true;
      } else if (!(t instanceof NumericType)) {
        throw new InputException("column '" + c + "' of " + source + " has type " + t.simpleString() + ", not a number");
      }
    }
    String[] names = all.toArray(new String[0]);
    int dx = xColumns.size(), dy = yColumns.size();
    JavaRDD<Row> rows = df.select(names[0], Arrays.copyOfRange(names, 1, names.length)).javaRDD();
    JavaRDD<DataBlock> blocks = rows.zipWithIndex()
        .mapPartitions(it -> toBlocks(it, names, parse, dx, dy, blockRows, source))
        .persist(StorageLevel.MEMORY_ONLY());
    try {
      long n = blocks.count();
      if (n == 0) throw new InputException(source + " has no data rows");
    } catch (Exception e) { // Spark's SparkException is checked but thrown undeclared from Scala
      blocks.unpersist(false);
      InputException cause = inputCause(e);
      if (cause != null) throw new InputException(cause.getMessage());
      if (e instanceof RuntimeException re) throw re;
      throw new IllegalStateException("reading " + source + " failed: " + e.getMessage(), e);
    }
    return blocks;
  }

  private static StructField fieldOf(org.apache.spark.sql.Dataset<Row> df, String name) {
    return df.schema().fields()[df.schema().fieldIndex(name)];
  }

  private static Iterator<DataBlock> toBlocks(Iterator<Tuple2<Row, Long>> it, String[] names, boolean[] parse, int dx,
      int dy, int blockRows, String source) {
    List<DataBlock> out = new ArrayList<>();
    double[] x = new double[blockRows * dx];
    double[] y = new double[blockRows * dy];
    int r = 0;
    long first = -1;
    while (it.hasNext()) {
      Tuple2<Row, Long> t = it.next();
      if (r == 0) first = t._2();
      for (int j = 0; j < names.length; j++) {
        double v = value(t._1(), j, parse[j], names[j], t._2() + 1, source);
        if (j < dx) x[r * dx + j] = v;
        else y[r * dy + j - dx] = v;
      }
      if (++r == blockRows) {
        out.add(new DataBlock(first, r, dx, dy, x.clone(), y.clone()));
        r = 0;
      }
    }
    if (r > 0) out.add(new DataBlock(first, r, dx, dy, Arrays.copyOf(x, r * dx), Arrays.copyOf(y, r * dy)));
    return out.iterator();
  }

  private static double value(Row row, int j, boolean parse, String column, long rowNumber, String source) {
    if (row.isNullAt(j)) throw bad(column, rowNumber, source, "the value is missing");
    double v;
    if (parse) {
      String s = row.getString(j).trim();
      try {
        v = Double.parseDouble(s);
      } catch (NumberFormatException e) {
        throw bad(column, rowNumber, source, "'" + s + "' is not a number");
      }
    } else {
      v = ((Number) row.get(j)).doubleValue();
    }
    if (!Double.isFinite(v)) throw bad(column, rowNumber, source, "the value is " + v);
    return v;
  }

  private static InputException bad(String column, long rowNumber, String source, String what) {
    return new InputException("column '" + column + "', data row " + rowNumber + " of " + source + ": " + what);
  }

  /** The InputException an executor threw, found inside Spark's wrapping (SparkException, task failures). */
  static InputException inputCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InputException ie) return ie;
      if (t.getCause() == t) break;
    }
    return null;
  }
}
