// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples.plots;

import java.util.List;

/**
 * One named curve of an x-y chart.
 *
 * @param name shown in the legend
 * @param x the abscissae, as many as {@code y}
 * @param y the ordinates
 */
public record Series(String name, double[] x, double[] y) {
  /** @throws IllegalArgumentException if the series is empty or x and y differ in length */
  public Series {
    if (x.length == 0 || x.length != y.length) {
      throw new IllegalArgumentException("Series(name=" + name + "): x and y must have the same length > 0, but had "
          + x.length + " and " + y.length);
    }
    x = x.clone();
    y = y.clone();
  }

  /** A series over epochs 1, 2, …, one value per epoch (as {@code History.get(name)} returns). */
  public static Series byEpoch(String name, List<Double> values) {
    double[] x = new double[values.size()];
    double[] y = new double[values.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = i + 1;
      y[i] = values.get(i);
    }
    return new Series(name, x, y);
  }

  @Override
  public double[] x() {
    return x.clone();
  }

  @Override
  public double[] y() {
    return y.clone();
  }
}
