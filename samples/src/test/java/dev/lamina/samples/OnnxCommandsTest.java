package dev.lamina.samples;

import static dev.lamina.activations.Activations.RELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.add;
import static dev.lamina.dsl.Layers.concatenate;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.dsl.Network;
import dev.lamina.layers.Input;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.model.Model;
import dev.lamina.onnx.OnnxExporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
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
  void summaryAndCheckTakeAGraphWithTwoInputsAndTwoOutputs() {
    Input numeric = Input.named("numeric", 5);
    Input category = Input.named("category", 3);
    SymbolicTensor h = dense(8, RELU).apply(concatenate().apply(numeric, dense(4).apply(category)));
    Model model = Network.model(1, List.of(numeric, category), List.of(dense(3, SOFTMAX).name("classes").apply(h),
        dense(1).name("score").apply(add().apply(dense(1).apply(h), dense(1).apply(h)))));
    Path file = tmp.resolve("graph.onnx");
    OnnxExporter.write(model, file);
    assertEquals(0, OnnxCommands.summary(new String[] {file.toString()}, print));
    String summary = out.toString(StandardCharsets.UTF_8);
    assertTrue(summary.contains("numeric (InputLayer)") && summary.contains("Connected to"), summary);
    assertEquals(0, OnnxCommands.check(new String[] {file.toString(), "--samples", "16"}, print));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("agree"), out.toString(StandardCharsets.UTF_8));
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
