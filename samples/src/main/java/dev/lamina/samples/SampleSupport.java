// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import dev.lamina.callbacks.Callback;
import dev.lamina.samples.plots.Series;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the samples: output folders, per-batch loss recording, smoothing. */
final class SampleSupport {
  private SampleSupport() {}

  /** Creates {@code folder} if needed and returns {@code folder/name}. */
  static Path file(Path folder, String name) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the plot folder " + folder + ": " + e.getMessage(), e);
    }
    return folder.resolve(name);
  }

  /** A callback that appends each batch's loss to {@code losses}. */
  static Callback recordBatchLosses(List<Double> losses) {
    return Callback.onBatchEnd(b -> losses.add(b.loss()));
  }

  /**
   * A curve of {@code values} by step (1, 2, …), averaged over windows of {@code window} steps so
   * that batch noise does not hide the trend; a non-finite mean, or one above {@code cap}, ends
   * the curve (a diverged run would otherwise flatten every other curve).
   */
  static Series smoothedByStep(String name, List<Double> values, int window, double cap) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int start = 0; start + window <= values.size(); start += window) {
      double sum = 0;
      for (int i = start; i < start + window; i++) {
        sum += values.get(i);
      }
      if (!Double.isFinite(sum) || sum / window > cap) {
        break;
      }
      x.add((double) start + window);
      y.add(sum / window);
    }
    if (x.isEmpty()) {
      x.add(1.0);
      y.add(values.isEmpty() || !Double.isFinite(values.get(0)) ? Double.NaN : values.get(0));
    }
    return new Series(name, x.stream().mapToDouble(Double::doubleValue).toArray(),
        y.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
