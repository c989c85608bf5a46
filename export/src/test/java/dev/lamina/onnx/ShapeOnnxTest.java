// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.dsl.Layers;
import dev.lamina.model.Sequential;
import dev.lamina.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeOnnxTest {

  private static List<String> names(Sequential m) {
    return m.layers().stream().map(l -> l.name() + ":" + l.type()).toList();
  }

  @Test
  void laminasSoftmaxOverAMultiAxisSampleImportsBackAsOneActivation() {
    for (Activation kind : List.of(Activations.SOFTMAX, Activations.LOG_SOFTMAX)) {
      Sequential model = Sequential.of(1, Layers.input(2, 5), Layers.activation(kind), Layers.flatten(),
          Layers.dense(3));
      byte[] onnx = OnnxExporter.toBytes(model);
      Sequential back = OnnxImporter.read(onnx).sequential();
      assertEquals(names(model), names(back));
      assertArrayEquals(new int[] {2, 5}, back.input().shape());
      Tensor x = Tensor.of(ModelMaker.random(40, 4), 4, 2, 5);
      assertArrayEquals(model.predict(x).data(), back.predict(x).data(), 0f);
      assertTrue(OnnxRuntimeCheck.compare(back, OnnxExporter.toBytes(back), x).within(1e-5), kind.name());
    }
  }

  @Test
  void flattenSoftmaxReshapeToAnotherShapeIsThreeLayers() {
    ModelMaker m = new ModelMaker(13).input("x", "N", 2, 5).output("y", "N", 5, 2)
        .initLongs("target", new long[] {-1, 5, 2}, 3)
        .node("Flatten", "flat", "x", "f", ModelMaker.i("axis", 1))
        .node("Softmax", "soft", "f", "s", ModelMaker.i("axis", -1))
        .node("Reshape", "back", List.of("s", "target"), List.of("y"));
    OnnxImport imported = ImportVariantsTest.assertMatchesRuntime("Flatten, Softmax, Reshape [5, 2]", m.bytes());
    assertEquals(List.of("Flatten", "Activation", "Reshape"), ImportVariantsTest.types(imported.model()));
  }
}
