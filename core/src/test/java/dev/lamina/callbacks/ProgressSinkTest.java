// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ProgressSinkTest {

  @Test
  void aConsumerReceivesTheLinesAndNoBar() {
    List<String> lines = new ArrayList<>();
    Consumer<String> consumer = lines::add;
    ProgressSink sink = ProgressSink.of(consumer);
    sink.redraw("a bar");
    sink.line("Epoch 1/1 - 0.1s - loss: 1.0000");
    assertFalse(sink.redraws());
    assertEquals(List.of("Epoch 1/1 - 0.1s - loss: 1.0000"), lines);
  }

  @Test
  void aPrintStreamGetsOneLineEachAndNoBar() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressSink sink = ProgressSink.of(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    sink.redraw("a bar");
    sink.line("one");
    sink.line("two");
    assertFalse(sink.redraws());
    assertEquals("one" + System.lineSeparator() + "two" + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aTerminalRedrawsTheBarInPlaceAndClearsItBeforeALine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressSink sink = ProgressSink.terminal(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertTrue(sink.redraws());
    sink.redraw("[=>  ]");
    sink.redraw("[===>]");
    sink.line("epoch line");
    sink.line("stop reason"); // no bar to clear
    assertEquals("\r[=>  ]\r[===>]\r\033[Kepoch line" + System.lineSeparator() + "stop reason" + System.lineSeparator(),
        bytes.toString(StandardCharsets.UTF_8));
  }
}
