// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activations;
import dev.lamina.dsl.Layers;
import dev.lamina.dsl.Network;
import dev.lamina.layers.Input;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.model.Model;
import dev.lamina.testing.FuzzTally;
import dev.lamina.testing.Mutator;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the importer fed mutated ONNX files (bit flips, byte changes, truncations, inserted,
 * deleted and duplicated ranges, corrupt varint and int length fields), from the reference models
 * and from Lamina's own exports, throws nothing but {@link OnnxImportException} and allocates no
 * more than a bound derived from the file size (a declared tensor far beyond the file's bytes is
 * refused before anything is allocated for it). 2,000 files by default;
 * {@code -Dlamina.fuzz.files=100000} for the long run.
 */
class OnnxImporterFuzzTest {
  private static final int FILES = Integer.getInteger("lamina.fuzz.files", 2000);
  /** The reference models small enough to import thousands of times in seconds. */
  private static final List<String> REFERENCES = List.of("mlp_softmax_out", "mlp_mixed_acts", "cnn_small_custom",
      "pretrained_fashion_cnn_A");

  private record Source(String name, byte[] bytes) {}

  private static List<Source> sources() throws IOException {
    List<Source> sources = new ArrayList<>();
    for (String name : REFERENCES) {
      try (InputStream in = OnnxImporterFuzzTest.class.getResourceAsStream("/reference/onnx-models/" + name
          + "/model.onnx")) {
        assertTrue(in != null, name);
        sources.add(new Source(name, in.readAllBytes()));
      }
    }
    Map<String, ? extends Model> own = Map.of(
        "lamina mixed", TestModels.samples().get("mixed"),
        "lamina conv", TestModels.randomized(Network.sequential(7, Layers.input(1, 8, 8),
            Layers.conv2d(4, 3, Activations.RELU), Layers.batchNormalization(), Layers.maxPooling2d(2), Layers.flatten(),
            Layers.dropout(0.2), Layers.dense(3, Activations.SOFTMAX)), 8),
        "lamina residual", residual());
    own.forEach((name, model) -> sources.add(new Source(name, OnnxExporter.toBytes(model))));
    sources.sort(java.util.Comparator.comparing(Source::name)); // Map.of's order is not fixed: keep runs repeatable
    return sources;
  }

  /** A graph: two branches from one input added, then concatenated with the input. */
  private static Model residual() {
    Input x = Layers.input(6);
    SymbolicTensor h = Layers.dense(6, Activations.TANH).apply(x);
    SymbolicTensor sum = Layers.add().apply(h, Layers.dense(6).apply(h));
    SymbolicTensor out = Layers.dense(2, Activations.SOFTMAX).apply(Layers.concatenate().apply(sum, x));
    return TestModels.randomized(Network.model(9, x, out), 10);
  }

  @Test
  void mutatedFilesThrowOnlyOnnxImportException() throws IOException {
    List<Source> sources = sources();
    for (Source s : sources) { // the originals import
      OnnxImporter.read(s.bytes());
    }
    // An import makes the model's weights a few times over (decoded tensors, layers, the model's
    // copy) plus fixed costs (the converters, the graph): measured at most ~40× the file size.
    // The importer wraps what its checks missed (an index out of bounds, say) in an
    // OnnxImportException with the cause: a finding too, as its message says nothing useful.
    FuzzTally tally = new FuzzTally(t -> t instanceof OnnxImportException && !(t.getCause() instanceof RuntimeException),
        16 << 20, 64);
    for (int i = 0; i < FILES; i++) {
      Source s = sources.get(i % sources.size());
      Mutator.Mutation m = Mutator.mutate(s.bytes(), 0x0_4E4E_0000L + i);
      tally.run(s.name() + " #" + i + " (" + m.kind() + ")", m.bytes(), () -> OnnxImporter.read(m.bytes()));
    }
    System.out.println("ONNX import fuzzing: " + tally);
    assertEquals(FILES, tally.files());
    assertTrue(tally.escapes().isEmpty(), tally + "\n" + String.join("\n", tally.escapes().subList(0,
        Math.min(20, tally.escapes().size()))));
  }
}
