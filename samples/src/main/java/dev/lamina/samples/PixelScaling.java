// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import dev.lamina.layers.Layer;
import dev.lamina.layers.Normalization;
import dev.lamina.layers.Rescaling;
import dev.lamina.model.Model;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * How pixel values 0–255 become model inputs: {@code (pixel · scale − mean[c]) / std[c]} for
 * channel {@code c} (one mean or std for every channel when only one is given), as torchvision's
 * {@code ToTensor()} then {@code Normalize(mean, std)} with {@code scale} 1/255.
 *
 * @param source where the values come from, for the command's output
 */
record PixelScaling(double scale, double[] mean, double[] std, String source) {
  /**
   * Pixels / 255, no mean or std: the convention of the reference models (float32 pixels / 255 in
   * [0, 1]) and of torchvision's {@code ToTensor()}.
   */
  static final double DEFAULT_SCALE = 1.0 / 255;
  /** The keys, under {@code lamina.training.}, where a fine-tuned model records its scaling. */
  static final String SCALE_KEY = "input_scale";
  static final String MEAN_KEY = "input_mean";
  static final String STD_KEY = "input_std";
  private static final String PREFIX = "lamina.training.";

  PixelScaling {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("--scale must be a positive number, but was " + scale);
    }
    if (mean.length == 0 || std.length == 0) {
      throw new IllegalArgumentException("--mean and --std need at least one value each");
    }
    for (double s : std) {
      if (!(s > 0) || Double.isInfinite(s)) {
        throw new IllegalArgumentException("--std values must be positive numbers, but were " + Arrays.toString(std));
      }
    }
    for (double m : mean) {
      if (!Double.isFinite(m)) {
        throw new IllegalArgumentException("--mean values must be finite numbers, but were " + Arrays.toString(mean));
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /**
   * The scaling for {@code model}: the options when any is given (the others at their defaults);
   * else what its metadata records (a model fine-tuned by Lamina); else, when the model starts
   * with the importer's normalisation prefix (a Normalization or Rescaling layer made from
   * Sub/Div/Mul/Add by constants), raw pixels if that prefix scales by less than 0.1 or subtracts
   * a mean above 1 (it expects 0–255), pixels / 255 otherwise; else pixels / 255.
   */
  static PixelScaling of(@Nullable Double scale, double @Nullable [] mean, double @Nullable [] std,
      Map<String, String> metadata, Model model) {
    if (scale != null || mean != null || std != null) {
      return new PixelScaling(scale == null ? DEFAULT_SCALE : scale, mean == null ? new double[] {0} : mean,
          std == null ? new double[] {1} : std, "options");
    }
    String s = metadata.get(PREFIX + SCALE_KEY);
    if (s != null) {
      try {
        return new PixelScaling(Double.parseDouble(s), numbers(metadata.getOrDefault(PREFIX + MEAN_KEY, "0")),
            numbers(metadata.getOrDefault(PREFIX + STD_KEY, "1")), "the model's metadata");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the model's metadata has an unusable input scaling (" + PREFIX + SCALE_KEY
            + "=" + s + "): " + e.getMessage() + "; give --scale, --mean and --std");
      }
    }
    List<Layer> layers = model.layers();
    Layer first = layers.isEmpty() ? null : layers.get(0);
    if (first instanceof Rescaling r) {
      boolean raw = maxAbs(r.scale()) < 0.1;
      return prefix(raw, "Rescaling layer '" + r.name() + "'");
    }
    if (first instanceof Normalization n) {
      boolean raw = maxAbs(((Normalization.Spec) n.spec()).mean()) > 1;
      return prefix(raw, "Normalization layer '" + n.name() + "'");
    }
    return new PixelScaling(DEFAULT_SCALE, new double[] {0}, new double[] {1}, "default: no scaling in the model's "
        + "metadata, no normalisation layer first");
  }

  private static PixelScaling prefix(boolean raw, String layer) {
    return new PixelScaling(raw ? 1 : DEFAULT_SCALE, new double[] {0}, new double[] {1},
        "the model normalises its inputs itself (" + layer + "), expecting " + (raw ? "pixels 0-255" : "pixels / 255"));
  }

  private static double maxAbs(float[] values) {
    double m = 0;
    for (float v : values) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /** "0.485,0.456,0.406" as numbers. */
  static double[] numbers(String list) {
    try {
      return Arrays.stream(list.split(",")).map(String::trim).mapToDouble(Double::parseDouble).toArray();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected numbers separated by commas, but was '" + list + "'");
    }
  }

  /** The model input for {@code pixel} (0–255) of channel {@code c}. */
  float apply(int c, double pixel) {
    return (float) ((pixel * scale - mean[c % mean.length]) / std[c % std.length]);
  }

  /** The entries a fine-tuned model carries in its training metadata, so that predict scales the same way. */
  Map<String, String> metadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(SCALE_KEY, Double.toString(scale));
    m.put(MEAN_KEY, join(mean));
    m.put(STD_KEY, join(std));
    return m;
  }

  private static String join(double[] values) {
    return Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(","));
  }

  /** "pixels x 0.00392157, mean 0, std 1 (default: ...)". */
  String describe() {
    return String.format(Locale.ROOT, "(pixel x %.6g - mean %s) / std %s, from %s", scale, join(mean), join(std), source);
  }
}
