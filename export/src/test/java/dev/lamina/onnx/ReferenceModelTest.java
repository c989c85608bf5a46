// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.model.Model;
import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: the reference tests take every name from the manifests, so that another reference
 * set of the same format runs unchanged: here a copy of a case whose folder, input array and
 * expected array are renamed.
 */
class ReferenceModelTest {
  @TempDir
  Path root;

  @Test
  void namesComeFromTheManifestAndTheInputShapeFromTheModel() throws IOException {
    ReferenceModel original = ReferenceModel.all().stream().filter(c -> c.path().endsWith("mlp_softmax_out"))
        .findFirst().orElseThrow();
    Path folder = Files.createDirectories(root.resolve("models/another_name"));
    Files.copy(original.modelFile(), folder.resolve("net.onnx"));
    Files.copy(original.folder().resolve("input.f32"), folder.resolve("x.f32"));
    Files.copy(original.folder().resolve("expected_logits.f32"), folder.resolve("y.f32"));
    int[] in = original.shape("input");
    int[] out = original.shape("expected_logits");
    // A flat input array: the model's input shape decides how it is read.
    Files.writeString(folder.resolve("manifest.json"), "{\"kind\": \"onnx_model\", \"model_file\": \"net.onnx\","
        + " \"suggested_tolerance\": {\"abs\": 1e-4, \"rel\": 1e-4}, \"arrays\": {"
        + "\"samples\": {\"file\": \"x.f32\", \"dtype\": \"float32\", \"shape\": [" + java.util.Arrays.stream(in)
        .reduce(1, Math::multiplyExact) + "]},"
        + "\"expected_probabilities\": {\"file\": \"y.f32\", \"dtype\": \"float32\", \"shape\": [" + out[0] + ", "
        + out[1] + "]}}}");
    Files.writeString(root.resolve("index.json"), "{\"cases\": [{\"path\": \"models/another_name\", \"kind\": "
        + "\"onnx_model\"}]}");

    ReferenceModel renamed = ReferenceModel.all(root).get(0);
    assertEquals(List.of("expected_probabilities"), renamed.expectedArrays());
    Model model = OnnxImporter.load(renamed.modelFile());
    Tensor x = renamed.input(model);
    assertArrayEquals(original.input(model).shape(), x.shape());
    ReferenceImportTest.assertClose(renamed + " " + renamed.expectedArrays().get(0), renamed.f32("expected_probabilities"),
        model.predict(x).data(), renamed.tolerance());
  }
}
