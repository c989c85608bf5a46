// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * {@link ProgressSink#console()}: standard output, with the bar when it is a terminal. The only
 * class of the library that touches {@code System.out} (the library's output test allows it and
 * no other), because Keras' default {@code fit} prints its progress there.
 */
final class ConsoleSink implements ProgressSink {
  /**
   * {@code Console.isTerminal()}, new in JDK 22, or null before: there {@link System#console()} is
   * null unless both standard input and output are a terminal, while from JDK 22 on it returns a
   * console even when the output is redirected, and only isTerminal tells.
   */
  static final @Nullable Method IS_TERMINAL = isTerminalMethod();

  private final boolean terminal;
  private @Nullable PrintStream stream;
  private @Nullable TerminalSink bar;

  ConsoleSink() {
    this(terminal(System.console(), IS_TERMINAL));
  }

  ConsoleSink(boolean terminal) {
    this.terminal = terminal;
  }

  /** The terminal sink on the current standard output, made again if the application replaced it. */
  private TerminalSink bar() {
    PrintStream out = System.out;
    if (bar == null || stream != out) {
      bar = new TerminalSink(out);
      stream = out;
    }
    return bar;
  }

  @Override
  public void line(String line) {
    if (terminal) {
      bar().line(line);
    } else {
      System.out.println(line);
    }
  }

  @Override
  public void redraw(String line) {
    if (terminal) {
      bar().redraw(line);
    }
  }

  @Override
  public boolean redraws() {
    return terminal;
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
}
