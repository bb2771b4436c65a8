package bms.examples.report;

import bms.core.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line chart of one or more named series against a shared x axis (usually the optimisation
 * step), written as PNG with JFreeChart: bound against step, learned angle range against step.
 * Non-finite y values (a diverged run) leave a gap instead of breaking the axis range.
 */
public final class LinePlot {
  static {
    Headless.ensure();
  }

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final Map<String, double[][]> series = new LinkedHashMap<>();

  public LinePlot(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** Adds the series {@code name} with points (x[i], y[i]); names must be unique. */
  public LinePlot add(String name, double[] x, double[] y) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("series name must not be blank");
    }
    if (series.containsKey(name)) {
      throw new IllegalArgumentException("series '" + name + "' was already added");
    }
    if (x.length != y.length || x.length == 0) {
      throw new IllegalArgumentException("series '" + name + "': x and y need the same positive length, got "
          + x.length + " and " + y.length);
    }
    for (int i = 0; i < x.length; i++) {
      if (!Double.isFinite(x[i])) {
        throw new IllegalArgumentException("series '" + name + "': x[" + i + "] = " + x[i] + " is not finite");
      }
    }
    series.put(name, new double[][] {x.clone(), y.clone()});
    return this;
  }

  /** Adds a series against the steps 0, 1, ..., y.length-1. */
  public LinePlot add(String name, double[] y) {
    double[] x = new double[y.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    return add(name, x, y);
  }

  public int seriesCount() {
    return series.size();
  }

  /** The chart as PNG bytes of the given size in pixels. */
  public byte[] png(int width, int height) {
    checkSize(width, height);
    if (series.isEmpty()) {
      throw new IllegalStateException("plot '" + title + "' has no series");
    }
    XYSeriesCollection data = new XYSeriesCollection();
    for (Map.Entry<String, double[][]> e : series.entrySet()) {
      XYSeries s = new XYSeries(e.getKey(), false, true);
      double[] x = e.getValue()[0];
      double[] y = e.getValue()[1];
      for (int i = 0; i < x.length; i++) {
        s.add(x[i], Double.isFinite(y[i]) ? y[i] : Double.NaN);
      }
      data.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(
        title, xLabel, yLabel, data, PlotOrientation.VERTICAL, series.size() > 1, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < series.size(); i++) {
      r.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(r);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ChartUtils.writeChartAsPNG(bytes, chart, width, height);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /** Writes the chart as a PNG file, atomically. */
  public void write(Path file, int width, int height) throws IOException {
    AtomicFiles.writeBytes(file, png(width, height));
  }

  static void checkSize(int width, int height) {
    if (width < 1 || height < 1 || width > 10_000 || height > 10_000) {
      throw new IllegalArgumentException("image size must be in 1..10000 pixels, got " + width + "x" + height);
    }
  }
}
