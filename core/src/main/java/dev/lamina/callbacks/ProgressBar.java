// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Shows training progress as Keras' {@code ProgbarLogger} does, on a {@link ProgressSink}. On a
 * sink that redraws (a terminal), a bar redrawn at most ten times a second with the step count,
 * the epoch's time left and the running loss and metrics; on every sink, each epoch's summary
 * line (time, time left for the whole fit, loss and metrics) and the reason training stopped early.
 *
 * <p>{@code fit} adds one on {@code FitOptions.progress()} unless {@code verbose(false)}, ahead of
 * the application's callbacks, so an epoch's line shows the values training computed. (Keras adds
 * its logger last, after callbacks such as {@code ReduceLROnPlateau} logged {@code learning_rate}.)
 */
public final class ProgressBar implements Callback {
  /** At most ten redraws a second: smooth to the eye, and little work per batch. */
  private static final long REDRAW_NANOS = 100_000_000;
  /** The bar's width in characters. */
  private static final int BAR_WIDTH = 30;

  private final ProgressSink sink;
  private int initialEpoch;
  private int epochs;
  private int steps;
  private long elapsedNanos;
  private long epochStart;
  private long lastDraw;

  public ProgressBar(ProgressSink sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public void onTrainBegin(TrainBegin event) {
    initialEpoch = event.initialEpoch();
    epochs = event.epochs();
    steps = event.stepsPerEpoch();
    elapsedNanos = 0;
  }

  @Override
  public void onEpochBegin(EpochStart event) {
    epochStart = System.nanoTime();
    lastDraw = epochStart;
  }

  /** Redraws the bar on a sink that redraws, when a tenth of a second has passed; allocates nothing otherwise. */
  @Override
  public void onBatchEnd(BatchEnd event) {
    if (!sink.redraws()) {
      return;
    }
    int step = event.batch() + 1;
    long now = System.nanoTime();
    if (now - lastDraw < REDRAW_NANOS && step < steps) {
      return;
    }
    lastDraw = now;
    List<String> names = event.metricNames();
    double[] metrics = new double[names.size()];
    for (int m = 0; m < metrics.length; m++) {
      metrics[m] = event.runningMetric(m);
    }
    sink.redraw(bar(event.epoch(), step, now - epochStart, event.runningLoss(), names, metrics));
  }

  @Override
  public void onEpochEnd(EpochEnd event) {
    sink.line(summary(event.epoch(), System.nanoTime() - epochStart, event.logs()));
  }

  @Override
  public void onTrainEnd(TrainEnd event) {
    String reason = event.history().stopReason();
    if (reason != null) {
      sink.line(reason);
    }
  }

  /** The bar of step {@code step} of {@code steps}, {@code elapsed} nanoseconds into the epoch. */
  String bar(int epoch, int step, long elapsed, double loss, List<String> names, double[] metrics) {
    int filled = steps == 0 ? BAR_WIDTH : BAR_WIDTH * step / steps;
    String arrow = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 && step < steps ? ">" : filled > 0 ? "=" : "");
    double eta = step == 0 ? 0 : elapsed / 1e9 / step * (steps - step);
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d %d/%d [%-" + BAR_WIDTH + "s] - ETA: %.0fs",
        epoch + 1, epochs, step, steps, arrow, eta));
    line.append(String.format(Locale.ROOT, " - loss: %.4f", loss));
    for (int m = 0; m < metrics.length; m++) {
      line.append(String.format(Locale.ROOT, " - %s: %.4f", names.get(m), metrics[m]));
    }
    return line.toString();
  }

  /**
   * The line of an epoch that took {@code nanos}: its time, the time left for the fit (from the
   * mean time of the epochs so far, this one included) and its logs.
   */
  String summary(int epoch, long nanos, Map<String, Double> logs) {
    elapsedNanos += nanos;
    double eta = elapsedNanos / 1e9 / (epoch + 1 - initialEpoch) * (epochs - epoch - 1);
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d - %.1fs", epoch + 1, epochs, nanos / 1e9));
    if (epoch + 1 < epochs) {
      line.append(String.format(Locale.ROOT, " - ETA %.0fs", eta));
    }
    logs.forEach((k, v) -> line.append(String.format(Locale.ROOT, " - %s: %.4f", k, v)));
    return line.toString();
  }
}
