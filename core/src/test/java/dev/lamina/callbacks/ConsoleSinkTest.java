// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleSinkTest {

  /** A stand-in for java.io.Console on JDK 22+, whose isTerminal says whether the output is a terminal. */
  public static final class FakeConsole {
    private final Boolean terminal;

    FakeConsole(Boolean terminal) {
      this.terminal = terminal;
    }

    public boolean isTerminal() {
      if (terminal == null) {
        throw new IllegalStateException("broken");
      }
      return terminal;
    }
  }

  @Test
  void aTerminalIsAConsoleThatSaysSoFromJdk22On() throws NoSuchMethodException {
    Method isTerminal = FakeConsole.class.getMethod("isTerminal");
    assertFalse(ConsoleSink.terminal(null, isTerminal));
    assertFalse(ConsoleSink.terminal(null, null));
    assertTrue(ConsoleSink.terminal(new FakeConsole(true), isTerminal));
    assertFalse(ConsoleSink.terminal(new FakeConsole(false), isTerminal), "JDK 22+: a console on redirected output");
    assertFalse(ConsoleSink.terminal(new FakeConsole(null), isTerminal), "a failing call is no terminal");
    assertTrue(ConsoleSink.terminal(new Object(), null), "before JDK 22 a console means a terminal");
    assertEquals(Runtime.version().feature() >= 22, ConsoleSink.IS_TERMINAL != null);
  }

  /** Standard output as it is at each line, so an application's System.setOut is honoured. */
  @Test
  void writesToTheCurrentStandardOutput() {
    PrintStream saved = System.out;
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    ConsoleSink lines = new ConsoleSink(false);
    ConsoleSink bar = new ConsoleSink(true);
    try {
      System.setOut(new PrintStream(plain, true, StandardCharsets.UTF_8));
      lines.redraw("ignored");
      lines.line("a line");
      System.setOut(new PrintStream(terminal, true, StandardCharsets.UTF_8));
      bar.redraw("[=>]");
      bar.line("done");
    } finally {
      System.setOut(saved);
    }
    assertFalse(lines.redraws());
    assertTrue(bar.redraws());
    assertEquals("a line" + System.lineSeparator(), plain.toString(StandardCharsets.UTF_8));
    assertEquals("\r[=>]\r\033[Kdone" + System.lineSeparator(), terminal.toString(StandardCharsets.UTF_8));
  }
}
