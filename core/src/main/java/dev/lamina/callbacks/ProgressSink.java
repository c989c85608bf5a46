// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where {@link ProgressBar} sends training progress: finished lines (each epoch's summary, the
 * reason training stopped) and, for sinks that can redraw a line in place, the bar during an epoch.
 * The application chooses it with {@code FitOptions.progress(sink)}; library code never writes to
 * standard output itself.
 *
 * <p>A lambda is a sink of lines: {@code FitOptions.defaults().progress(lines::add)} in Java,
 * {@code .progress { line -> log.info(line) }} in Kotlin.
 *
 * <p>The default, {@link #console()}, is what Keras does with {@code verbose="auto"}: the bar on a
 * terminal, else one line per epoch, on standard output.
 */
@FunctionalInterface
public interface ProgressSink {

  /** A finished line, without its line terminator. */
  void line(String line);

  /**
   * Replaces the line being drawn with {@code bar} (the bar during an epoch, at most ten times a
   * second). A sink that cannot redraw in place ignores it, as Keras does off a terminal.
   */
  default void redraw(String bar) {}

  /** Whether {@link #redraw} shows anything; the bar is built only for sinks that do. */
  default boolean redraws() {
    return false;
  }

  /** The lines, to a consumer (a logger, a list, a UI); no bar. */
  static ProgressSink of(Consumer<String> lines) {
    Objects.requireNonNull(lines, "lines");
    return lines::accept;
  }

  /** The lines, each printed with {@code println} on {@code out}; no bar. */
  static ProgressSink of(PrintStream out) {
    Objects.requireNonNull(out, "out");
    return out::println;
  }

  /**
   * The bar redrawn in place on {@code out} (carriage return, then the line cleared with the ANSI
   * erase-line code before each finished line): for a stream that is a terminal.
   */
  static ProgressSink terminal(PrintStream out) {
    return new TerminalSink(out);
  }

  /**
   * Keras' default: on standard output (as it is when each line is written, so
   * {@code System.setOut} is honoured), the bar when the output is a terminal, else the lines only.
   * This default of {@code FitOptions.defaults()} is the one place where the library reaches
   * standard output, and only when the application has not chosen a sink or turned progress off.
   */
  static ProgressSink console() {
    return new ConsoleSink();
  }
}
