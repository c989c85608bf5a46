// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import java.io.PrintStream;
import java.util.Objects;

/** A bar redrawn in place on a terminal: {@code \r} then the bar; a finished line clears it first. */
final class TerminalSink implements ProgressSink {
  /** ANSI: carriage return, then erase to the end of the line. */
  private static final String CLEAR = "\r\033[K";

  private final PrintStream out;
  private boolean drawn;

  TerminalSink(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public void line(String line) {
    if (drawn) {
      out.print(CLEAR); // the finished line replaces the bar
      drawn = false;
    }
    out.println(line);
  }

  @Override
  public void redraw(String bar) {
    out.print("\r" + bar);
    out.flush();
    drawn = true;
  }

  @Override
  public boolean redraws() {
    return true;
  }
}
