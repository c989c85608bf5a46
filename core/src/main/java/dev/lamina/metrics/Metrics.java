// SPDX-License-Identifier: Apache-2.0

package dev.lamina.metrics;

/** The metrics, by their Keras names. */
public final class Metrics {
  private Metrics() {}

  /** Keras' {@code "accuracy"}: binary, categorical or sparse, chosen from the loss at compile time. */
  public static Accuracy accuracy() {
    return new Accuracy(Accuracy.Kind.AUTO, Accuracy.DEFAULT_THRESHOLD);
  }

  public static Accuracy sparseCategoricalAccuracy() {
    return new Accuracy(Accuracy.Kind.SPARSE_CATEGORICAL, Accuracy.DEFAULT_THRESHOLD);
  }

  public static Accuracy categoricalAccuracy() {
    return new Accuracy(Accuracy.Kind.CATEGORICAL, Accuracy.DEFAULT_THRESHOLD);
  }

  public static Accuracy binaryAccuracy() {
    return new Accuracy(Accuracy.Kind.BINARY, Accuracy.DEFAULT_THRESHOLD);
  }

  public static Accuracy binaryAccuracy(double threshold) {
    return new Accuracy(Accuracy.Kind.BINARY, threshold);
  }
}
