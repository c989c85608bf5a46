package dev.lamina.layers;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

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

  /** A mode other than EXPLICIT, or EXPLICIT with pads ≥ 0; CAUSAL only for 1-D layers. */
  static void padding(String where, Padding padding, int @Nullable [] pads, boolean causalAllowed) {
    if (padding == Padding.EXPLICIT && pads == null) {
      throw new IllegalArgumentException(where + "padding EXPLICIT needs the zeros per side: give them with "
          + (causalAllowed ? "padding(left, right)" : "padding(top, bottom, left, right)"));
    }
    if (padding == Padding.CAUSAL && !causalAllowed) {
      throw new IllegalArgumentException(where + "padding CAUSAL is for 1-D convolutions (Conv1D) only");
    }
    if (pads != null) {
      for (int p : pads) {
        if (p < 0) {
          throw new IllegalArgumentException(where + "padding must be >= 0 on every side, but was "
              + Arrays.toString(pads));
        }
      }
    }
  }
}
