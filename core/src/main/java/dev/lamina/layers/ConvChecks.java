// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import java.util.Arrays;

/** The configuration checks the convolution layers share; {@code where} is "Type(name=...): ". */
final class ConvChecks {
  private ConvChecks() {}

  static void positive(String where, String property, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(where + property + " must be > 0, but was " + value);
    }
  }

  static void positive(String where, String property, int[] values) {
    for (int v : values) {
      if (v <= 0) {
        throw new IllegalArgumentException(where + property + " must be > 0, but was "
            + (values.length == 1 ? String.valueOf(v) : Arrays.toString(values)));
      }
    }
  }

  static void groups(String where, int filters, int groups) {
    positive(where, "groups", groups);
    if (filters % groups != 0) {
      throw new IllegalArgumentException(where + "filters must be divisible by groups, but " + filters
          + " filters are not divisible by " + groups + " groups");
    }
  }

  /** At build: the input channels of {@code layer} must divide into its groups. */
  static void channelGroups(Layer layer, int channels, int groups) {
    if (channels % groups != 0) {
      throw new IllegalArgumentException(layer.where() + ": the input channels must be divisible by groups, but "
          + channels + " channels are not divisible by " + groups + " groups");
    }
  }
}
