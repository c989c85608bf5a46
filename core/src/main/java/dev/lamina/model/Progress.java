package dev.lamina.model;

import java.util.Locale;
import java.util.Map;

/** Prints one line per epoch: time, time left, loss and metrics, as Keras' {@code verbose=2}. */
final class Progress {
  private final int initialEpoch;
  private final int epochs;
  private final boolean verbose;
  private long elapsedNanos;

  Progress(int initialEpoch, int epochs, boolean verbose) {
    this.initialEpoch = initialEpoch;
    this.epochs = epochs;
    this.verbose = verbose;
  }

  void epochEnd(int epoch, long nanos, Map<String, Double> logs) {
    elapsedNanos += nanos;
    if (!verbose) {
      return;
    }
    double eta = elapsedNanos / 1e9 / (epoch + 1 - initialEpoch) * (epochs - epoch - 1);
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d - %.1fs", epoch + 1, epochs, nanos / 1e9));
    if (epoch + 1 < epochs) {
      line.append(String.format(Locale.ROOT, " - ETA %.0fs", eta));
    }
    logs.forEach((k, v) -> line.append(String.format(Locale.ROOT, " - %s: %.4f", k, v)));
    System.out.println(line);
  }

  void stopped(String reason) {
    if (verbose) {
      System.out.println(reason);
    }
  }
}
