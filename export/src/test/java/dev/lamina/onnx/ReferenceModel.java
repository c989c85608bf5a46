// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.testing.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code onnx_model} case of the reference assets (format: /work/shared/reference/README.md),
 * from {@code -Dlamina.reference=DIR} or the class-path copy under {@code /reference}.
 */
record ReferenceModel(String path, Path folder, Map<String, Object> manifest) {

  static Path root() {
    String property = System.getProperty("lamina.reference");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    try {
      return Path.of(ReferenceModel.class.getResource("/reference/index.json").toURI()).getParent();
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("no /reference/index.json on the class path and -Dlamina.reference not set", e);
    }
  }

  static List<ReferenceModel> all() {
    return all(root());
  }

  /** The onnx_model cases of the reference set in {@code root} (its index.json). */
  @SuppressWarnings("unchecked")
  static List<ReferenceModel> all(Path root) {
    Map<String, Object> index = (Map<String, Object>) Json.parse(read(root.resolve("index.json")));
    List<ReferenceModel> cases = new ArrayList<>();
    for (Object o : (List<Object>) index.get("cases")) {
      Map<String, Object> e = (Map<String, Object>) o;
      if ("onnx_model".equals(e.get("kind"))) {
        Path folder = root.resolve((String) e.get("path"));
        cases.add(new ReferenceModel((String) e.get("path"), folder,
            (Map<String, Object>) Json.parse(read(folder.resolve("manifest.json")))));
      }
    }
    return cases;
  }

  /** The manifest's feature group ({@code cnn_onnx}, {@code cnn_transfer}, …), or "" for the dense cases that have none. */
  String featureGroup() {
    Object g = manifest.get("feature_group");
    return g == null ? "" : (String) g;
  }

  /** Whether the case is a convolutional network (feature group {@code cnn_*}): {@link CnnReferenceTest}'s. */
  boolean isCnn() {
    return featureGroup().startsWith("cnn");
  }

  Path modelFile() {
    return folder.resolve((String) manifest.get("model_file"));
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> array(String name) {
    return (Map<String, Object>) ((Map<String, Object>) manifest.get("arrays")).get(name);
  }

  /**
   * The names of the expected outputs for {@link #input}: every float32 array whose name starts
   * with {@code expected} ({@code expected_logits}, {@code expected_logits_torch_float32}, …), as
   * the manifest lists them.
   */
  @SuppressWarnings("unchecked")
  List<String> expectedArrays() {
    List<String> names = ((Map<String, Object>) manifest.get("arrays")).keySet().stream()
        .filter(n -> n.startsWith("expected") && "float32".equals(array(n).get("dtype"))).toList();
    if (names.isEmpty()) {
      throw new IllegalStateException(path + ": the manifest lists no expected_* array: " + arrayNames());
    }
    return names;
  }

  /**
   * The input batch in the model's input shape: the array named as the graph input in the manifest
   * ({@code onnx.graph_inputs}), else the only float32 array that is neither expected nor part of a
   * whole-test-set check ({@code test8_*}).
   */
  @SuppressWarnings("unchecked")
  dev.lamina.tensor.Tensor input(dev.lamina.model.Model model) {
    String name = null;
    Object onnx = manifest.get("onnx");
    if (onnx instanceof Map<?, ?> o && o.get("graph_inputs") instanceof List<?> inputs && !inputs.isEmpty()
        && inputs.get(0) instanceof Map<?, ?> first && hasArray(String.valueOf(first.get("name")))) {
      name = String.valueOf(first.get("name"));
    }
    if (name == null) {
      List<String> candidates = ((Map<String, Object>) manifest.get("arrays")).keySet().stream()
          .filter(n -> !n.startsWith("expected") && !n.startsWith("test8_") && "float32".equals(array(n).get("dtype")))
          .toList();
      if (candidates.size() != 1) {
        throw new IllegalStateException(path + ": cannot tell the input array among " + candidates);
      }
      name = candidates.get(0);
    }
    float[] values = f32(name);
    int[] sample = model.input().shape();
    int size = java.util.Arrays.stream(sample).reduce(1, Math::multiplyExact);
    int[] shape = new int[sample.length + 1];
    shape[0] = values.length / size;
    System.arraycopy(sample, 0, shape, 1, sample.length);
    return dev.lamina.tensor.Tensor.of(values, shape);
  }

  /**
   * The whole-test-set inputs of {@code test8_indices} (Fashion-MNIST test images by index), in
   * the model's input shape.
   */
  dev.lamina.tensor.Tensor testSetInputs(dev.lamina.tensor.Tensor images, dev.lamina.model.Model model) {
    int[] indices = i32("test8_indices");
    int[] sample = model.input().shape();
    int size = java.util.Arrays.stream(sample).reduce(1, Math::multiplyExact);
    float[] x = new float[indices.length * size];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(images.data(), indices[i] * size, x, i * size, size);
    }
    int[] shape = new int[sample.length + 1];
    shape[0] = indices.length;
    System.arraycopy(sample, 0, shape, 1, sample.length);
    return dev.lamina.tensor.Tensor.of(x, shape);
  }

  @SuppressWarnings("unchecked")
  private List<String> arrayNames() {
    return List.copyOf(((Map<String, Object>) manifest.get("arrays")).keySet());
  }

  boolean hasArray(String name) {
    return ((Map<?, ?>) manifest.get("arrays")).containsKey(name);
  }

  @SuppressWarnings("unchecked")
  int[] shape(String name) {
    return ((List<Object>) array(name).get("shape")).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
  }

  float[] f32(String name) {
    ByteBuffer b = bytes(name);
    float[] f = new float[b.remaining() / 4];
    b.asFloatBuffer().get(f);
    return f;
  }

  int[] i32(String name) {
    ByteBuffer b = bytes(name);
    int[] v = new int[b.remaining() / 4];
    b.asIntBuffer().get(v);
    return v;
  }

  /** The manifest's suggested tolerance: [abs, rel]. */
  @SuppressWarnings("unchecked")
  double[] tolerance() {
    Map<String, Object> t = (Map<String, Object>) manifest.get("suggested_tolerance");
    return new double[] {((Number) t.get("abs")).doubleValue(), ((Number) t.get("rel")).doubleValue()};
  }

  private ByteBuffer bytes(String name) {
    try {
      return ByteBuffer.wrap(Files.readAllBytes(folder.resolve((String) array(name).get("file"))))
          .order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return path;
  }
}
