// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.layers.Layer;
import dev.lamina.model.Sequential;
import dev.lamina.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArithmeticOnnxTest {

  private static ModelMaker subDiv(float[] std) {
    return new ModelMaker(13).input("x", "N", 4).output("y", "N", 4)
        .init("m", new float[] {0.5f, -1f, 2f, 0f}, 4).init("s", std, 4)
        .node("Sub", "sub", List.of("x", "m"), List.of("a"))
        .node("Div", "div", List.of("a", "s"), List.of("y"));
  }

  private static List<String> types(Sequential m) {
    return m.layers().stream().map(Layer::type).toList();
  }

  /** Max |Lamina − ONNX Runtime| / max(1, |ONNX Runtime|). */
  private static double maxRelativeDiff(Sequential model, byte[] onnx) {
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(model, onnx, Tensor.of(ModelMaker.random(32, 9), 8, 4));
    double max = 0;
    for (int i = 0; i < r.lamina().size(); i++) {
      double want = r.onnxRuntime().data()[i];
      max = Math.max(max, Math.abs(r.lamina().data()[i] - want) / Math.max(1, Math.abs(want)));
    }
    return max;
  }

  @Test
  void subThenDivByOrdinaryDivisorsIsANormalization() {
    ModelMaker m = subDiv(new float[] {0.5f, 2f, 1f, 3f});
    Sequential model = OnnxImporter.read(m.bytes()).sequential();
    assertEquals(List.of("Normalization"), types(model));
    assertTrue(maxRelativeDiff(model, m.bytes()) < 1e-6);
  }

  @Test
  void subThenDivByDivisorsBelowNormalizationsFloorIsARescalingThatKeepsTheirSize() {
    for (float[] std : List.of(new float[] {1e-9f, 1f, 1f, 1f}, new float[] {-2f, 1f, 1f, 4f})) {
      ModelMaker m = subDiv(std);
      Sequential model = OnnxImporter.read(m.bytes()).sequential();
      assertEquals(List.of("Rescaling"), types(model));
      double d = maxRelativeDiff(model, m.bytes());
      assertTrue(d < 1e-6, "relative difference " + d); // Normalization's 1e-7 floor gave a factor 100 for 1e-9
    }
  }

  @Test
  void aZeroDivisorIsRefusedNamingTheDivNode() {
    ModelMaker alone = new ModelMaker(13).input("x", "N", 4).output("y", "N", 4)
        .init("z", new float[] {0f, 1f, 2f, 3f}, 4).node("Div", "scale_down", List.of("x", "z"), List.of("y"));
    OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImporter.read(alone.bytes()));
    assertTrue(e.getMessage().contains("node 'scale_down' (Div") && e.getMessage().contains("divides by 0.0"),
        e.getMessage());
    OnnxImportException afterSub = assertThrows(OnnxImportException.class,
        () -> OnnxImporter.read(subDiv(new float[] {1f, 0f, 1f, 1f}).bytes()));
    assertTrue(afterSub.getMessage().contains("node 'div' (Div") && afterSub.getMessage().contains("element 1 of 4"),
        afterSub.getMessage());
  }
}
