package dev.lamina.model;

import dev.lamina.metrics.Metric;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Shows training progress as Keras does. On a terminal, a bar redrawn in place (at most ten times
 * a second) with the step count, the epoch's time left and the running loss and metrics, then the
 * epoch's summary line; otherwise only the summary line of each epoch: time, time left for the
 * whole fit, loss and metrics. Silent when {@code verbose} is false.
 */
final class Progress {
  private static final long REDRAW_NANOS = 100_000_000;
  private static final int BAR_WIDTH = 30;

  private final int initialEpoch;
  private final int epochs;
  private final boolean verbose;
  private final boolean terminal;
  private final PrintStream out = System.out;
  private long elapsedNanos;
  private long epochStart;
  private long lastDraw;

  /**
   * {@code Console.isTerminal()}, new in JDK 22, or null before: there {@link System#console()} is
   * null unless both standard input and output are a terminal, while from JDK 22 on it returns a
   * console even when the output is redirected, and only isTerminal tells.
   */
  static final @Nullable Method IS_TERMINAL = isTerminalMethod();

  Progress(int initialEpoch, int epochs, boolean verbose) {
    this(initialEpoch, epochs, verbose, terminal(System.console(), IS_TERMINAL));
  }

  Progress(int initialEpoch, int epochs, boolean verbose, boolean terminal) {
    this.initialEpoch = initialEpoch;
    this.epochs = epochs;
    this.verbose = verbose;
    this.terminal = terminal;
  }

  private static @Nullable Method isTerminalMethod() {
    try {
      return Console.class.getMethod("isTerminal");
    } catch (NoSuchMethodException e) {
      return null; // JDK 17 to 21
    }
  }

  /**
   * Whether the output is a terminal: no without a console; with one, what its
   * {@code isTerminal()} says (JDK 22+), or yes when there is no such method (before JDK 22 a
   * console exists only on a terminal). A failing call counts as no terminal.
   */
  static boolean terminal(@Nullable Object console, @Nullable Method isTerminal) {
    if (console == null) {
      return false;
    }
    if (isTerminal == null) {
      return true;
    }
    try {
      return Boolean.TRUE.equals(isTerminal.invoke(console));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  void epochBegin() {
    epochStart = System.nanoTime();
    lastDraw = epochStart;
  }

  /** Redraws the bar when on a terminal and a tenth of a second has passed; allocates nothing otherwise. */
  void batchEnd(int epoch, int step, int steps, double lossSum, String[] metrics, double[] metricSums, int seen) {
    if (!verbose || !terminal) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw < REDRAW_NANOS && step < steps) {
      return;
    }
    lastDraw = now;
    out.print("\r" + bar(epoch, step, steps, now, lossSum, metrics, metricSums, seen));
    out.flush();
  }

  String bar(int epoch, int step, int steps, long now, double lossSum, String[] metrics, double[] metricSums,
      int seen) {
    int filled = steps == 0 ? BAR_WIDTH : BAR_WIDTH * step / steps;
    String arrow = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 && step < steps ? ">" : filled > 0 ? "=" : "");
    double elapsed = (now - epochStart) / 1e9;
    double eta = step == 0 ? 0 : elapsed / step * (steps - step);
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d %d/%d [%-" + BAR_WIDTH + "s] - ETA: %.0fs",
        epoch + 1, epochs, step, steps, arrow, eta));
    line.append(String.format(Locale.ROOT, " - loss: %.4f", lossSum / Math.max(seen, 1)));
    for (int m = 0; m < metricSums.length; m++) {
      line.append(String.format(Locale.ROOT, " - %s: %.4f", metrics[m], metricSums[m] / Math.max(seen, 1)));
    }
    return line.toString();
  }

  void epochEnd(int epoch, long nanos, Map<String, Double> logs) {
    elapsedNanos += nanos;
    if (!verbose) {
      return;
    }
    if (terminal) {
      out.print("\r\033[K"); // clear the bar; the summary line replaces it
    }
    out.println(summary(epoch, nanos, logs));
  }

  String summary(int epoch, long nanos, Map<String, Double> logs) {
    double eta = elapsedNanos / 1e9 / (epoch + 1 - initialEpoch) * (epochs - epoch - 1);
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d - %.1fs", epoch + 1, epochs, nanos / 1e9));
    if (epoch + 1 < epochs) {
      line.append(String.format(Locale.ROOT, " - ETA %.0fs", eta));
    }
    logs.forEach((k, v) -> line.append(String.format(Locale.ROOT, " - %s: %.4f", k, v)));
    return line.toString();
  }

  void stopped(String reason) {
    if (verbose) {
      out.println(reason);
    }
  }
}
