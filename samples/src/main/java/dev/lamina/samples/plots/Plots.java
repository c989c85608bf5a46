// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples.plots;

import dev.lamina.model.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes PNG charts with XChart, headless (no display needed): learning curves, x-y curves (with an
 * optional logarithmic x axis, for the learning-rate finder) and per-layer values (gradient norms).
 *
 * <pre>{@code
 * Plots.learningCurves(model.fit(x, y, options), Path.of("curves.png"));
 * Plots.curves(Path.of("lr.png"), new Labels("LR finder", "learning rate", "loss"), List.of(series), Scale.LOG);
 * }</pre>
 */
public final class Plots {
  /** Width and height in pixels of one chart panel. */
  static final int WIDTH = 720;
  static final int HEIGHT = 450;

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Plots() {}

  /**
   * Two panels side by side: the losses ({@code loss}, {@code val_loss}, …) and the other
   * quantities ({@code accuracy}, {@code val_accuracy}, …) by epoch; one panel if there are only
   * losses.
   *
   * @param history per-epoch values by name, as {@link History#asMap()}
   * @return {@code file}
   * @throws IllegalArgumentException if {@code history} is empty
   */
  public static Path learningCurves(Map<String, List<Double>> history, Path file) {
    List<Series> losses = new ArrayList<>();
    List<Series> metrics = new ArrayList<>();
    history.forEach((name, values) -> (name.contains("loss") ? losses : metrics).add(Series.byEpoch(name, values)));
    if (losses.isEmpty() && metrics.isEmpty()) {
      throw new IllegalArgumentException("Plots.learningCurves: the history is empty; nothing to draw in " + file);
    }
    List<Chart<?, ?>> panels = new ArrayList<>();
    if (!losses.isEmpty()) {
      panels.add(xy(new Labels("Loss", "epoch", "loss"), losses, Scale.LINEAR));
    }
    if (!metrics.isEmpty()) {
      panels.add(xy(new Labels("Metrics", "epoch", "value"), metrics, Scale.LINEAR));
    }
    return write(panels, file);
  }

  /** As {@link #learningCurves(Map, Path)} for what {@code fit} returned. */
  public static Path learningCurves(History history, Path file) {
    return learningCurves(history.asMap(), file);
  }

  /**
   * Named curves on one chart.
   *
   * @param xScale {@link Scale#LOG} for a logarithmic x axis (all x must then be > 0)
   * @return {@code file}
   * @throws IllegalArgumentException if there is no series, or x ≤ 0 on a log axis
   */
  public static Path curves(Path file, Labels labels, List<Series> series, Scale xScale) {
    if (series.isEmpty()) {
      throw new IllegalArgumentException("Plots.curves(" + labels.title() + "): needs at least one series");
    }
    return write(List.of(xy(labels, series, xScale)), file);
  }

  /**
   * Grouped bars of one value per layer (e.g. gradient norms), one colour per series.
   *
   * @param layers the layer names, left to right
   * @param values per series name, one value per layer
   * @param yScale {@link Scale#LOG} when values span orders of magnitude (all must then be > 0)
   * @return {@code file}
   * @throws IllegalArgumentException if a series does not have one value per layer
   */
  public static Path perLayer(Path file, Labels labels, List<String> layers, Map<String, double[]> values, Scale yScale) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
        .title(labels.title()).xAxisTitle(labels.x()).yAxisTitle(labels.y()).build();
    chart.getStyler().setYAxisLogarithmic(yScale == Scale.LOG);
    chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
    chart.getStyler().setXAxisLabelRotation(layers.size() > 8 ? 45 : 0);
    values.forEach((name, v) -> {
      if (v.length != layers.size()) {
        throw new IllegalArgumentException("Plots.perLayer(" + labels.title() + "): series " + name + " must have "
            + layers.size() + " values (one per layer), but had " + v.length);
      }
      checkPositive(yScale, v, labels.title(), name, "y");
      chart.addSeries(name, layers, boxed(v));
    });
    if (yScale == Scale.LOG) {
      // Bars start at the axis minimum, which XChart puts at 0 unless told: use the power of ten
      // strictly below the smallest value, so that its bar still shows.
      double min = values.values().stream().flatMapToDouble(Arrays::stream).min().orElse(1);
      chart.getStyler().setYAxisMin(Math.pow(10, Math.ceil(Math.log10(min)) - 1));
    }
    return write(List.of(chart), file);
  }

  private static XYChart xy(Labels labels, List<Series> series, Scale xScale) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(labels.title()).xAxisTitle(labels.x()).yAxisTitle(labels.y()).build();
    chart.getStyler().setXAxisLogarithmic(xScale == Scale.LOG);
    chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
    for (Series s : series) {
      checkPositive(xScale, s.x(), labels.title(), s.name(), "x");
      chart.addSeries(s.name(), s.x(), s.y()).setMarker(s.x().length > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    }
    return chart;
  }

  private static void checkPositive(Scale scale, double[] v, String title, String series, String axis) {
    for (int i = 0; scale == Scale.LOG && i < v.length; i++) {
      if (!(v[i] > 0)) {
        throw new IllegalArgumentException("Plots(" + title + "): series " + series + " needs " + axis
            + " > 0 on a log axis, but value " + i + " was " + v[i]);
      }
    }
  }

  private static List<Double> boxed(double[] v) {
    List<Double> list = new ArrayList<>(v.length);
    for (double d : v) {
      list.add(d);
    }
    return list;
  }

  private static Path write(List<? extends Chart<?, ?>> panels, Path file) {
    try {
      java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
      BitmapEncoder.saveBitmap(panels, 1, panels.size(), png, BitmapFormat.PNG);
      dev.lamina.io.AtomicFiles.write(file, png.toByteArray()); // never a half-written PNG
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("Plots: cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
