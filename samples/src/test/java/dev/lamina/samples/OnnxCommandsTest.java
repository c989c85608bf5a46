package dev.lamina.samples;

import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.dsl.Network;
import dev.lamina.onnx.OnnxExporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxCommandsTest {
  @TempDir
  Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

  private Path model() {
    Path file = tmp.resolve("m.onnx");
    OnnxExporter.write(Network.sequential(1, input(784), dense(3, SOFTMAX)), file);
    return file;
  }

  @Test
  void tooManySamplesNamesTheOptionTheValueAndALimitThatWorks() {
    Path file = model();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OnnxCommands.check(new String[] {file.toString(), "--samples", "3000000"}, print));
    assertEquals("check: --samples 3000000 gives 3000000 x 784 features = 2352000000 input values for " + file
        + ", more than " + OnnxCommands.MAX_INPUT_VALUES + "; use --samples 85598 or fewer", e.getMessage());
    assertEquals(0, OnnxCommands.check(new String[] {file.toString(), "--samples", "64"}, print));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("over 64 random inputs"));
  }

  @Test
  void aDirectoryIsNamedAsOne() {
    for (String command : new String[] {"summary", "check"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
        if (command.equals("summary")) {
          OnnxCommands.summary(new String[] {tmp.toString()}, print);
        } else {
          OnnxCommands.check(new String[] {tmp.toString()}, print);
        }
      });
      assertEquals(command + ": " + tmp + " is a directory; give the MODEL.onnx file", e.getMessage());
    }
  }
}
