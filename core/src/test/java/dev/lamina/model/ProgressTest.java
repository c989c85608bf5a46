package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.metrics.Metrics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void theBarShowsStepsRunningMeansAndTimeLeft() {
    Progress p = new Progress(0, 3, true, true);
    p.epochBegin();
    String bar = p.bar(0, 5, 10, System.nanoTime(), 2.0 * 160, new String[] {Metrics.accuracy().name()}, new double[] {120}, 160);
    assertTrue(bar.startsWith("Epoch 1/3 5/10 [==============>               ] - ETA: "), bar);
    assertTrue(bar.endsWith(" - loss: 2.0000 - accuracy: 0.7500"), bar);
    String done = p.bar(0, 10, 10, System.nanoTime(), 0, new String[0], new double[0], 1);
    assertTrue(done.contains("[" + "=".repeat(30) + "]"), done);
  }

  @Test
  void theEpochLineHasTimeEtaAndLogsInKerasOrder() {
    Progress p = new Progress(0, 3, true, false);
    Map<String, Double> logs = new LinkedHashMap<>();
    logs.put("loss", 0.5);
    logs.put("accuracy", 0.8);
    logs.put("val_loss", 0.6);
    p.epochEnd(0, 2_000_000_000L, logs);
    // 2 s for the first epoch, two to go
    assertEquals("Epoch 1/3 - 2.0s - ETA 4s - loss: 0.5000 - accuracy: 0.8000 - val_loss: 0.6000",
        p.summary(0, 2_000_000_000L, logs));
  }

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
    java.lang.reflect.Method isTerminal = FakeConsole.class.getMethod("isTerminal");
    assertFalse(Progress.terminal(null, isTerminal));
    assertFalse(Progress.terminal(null, null));
    assertTrue(Progress.terminal(new FakeConsole(true), isTerminal));
    assertFalse(Progress.terminal(new FakeConsole(false), isTerminal), "JDK 22+: a console on redirected output");
    assertFalse(Progress.terminal(new FakeConsole(null), isTerminal), "a failing call is no terminal");
    assertTrue(Progress.terminal(new Object(), null), "before JDK 22 a console means a terminal");
    assertEquals(Runtime.version().feature() >= 22, Progress.IS_TERMINAL != null);
  }
}
