// SPDX-License-Identifier: Apache-2.0

package dev.lamina.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One case of a reference asset set (the format of /work/shared/reference, see its README): a folder
 * with {@code manifest.json} and raw little-endian {@code .f32}/{@code .i32} arrays.
 *
 * <p>The set is the folder named by the system property {@code lamina.reference} when it is set
 * (e.g. {@code mvn test -Dlamina.reference=/work/shared/reference}), otherwise the copy on the test
 * class path under {@code /reference}. Tests enumerate the cases of a kind from {@code index.json}
 * with {@link #ofKind} and read every shape, hyperparameter, tolerance and file name from here.
 */
public final class ReferenceCase {
  /** The system property naming an asset folder that replaces the class-path copy. */
  public static final String PROPERTY = "lamina.reference";

  private static Path root;

  private final String path;
  private final Path folder;
  private final Map<String, Object> manifest;

  private ReferenceCase(String path, Path folder, Map<String, Object> manifest) {
    this.path = path;
    this.folder = folder;
    this.manifest = manifest;
  }

  /** The asset folder: {@code -Dlamina.reference=...} or the class-path copy. */
  public static synchronized Path root() {
    if (root == null) {
      String property = System.getProperty(PROPERTY);
      if (property != null && !property.isBlank()) {
        root = Path.of(property);
      } else {
        URL url = ReferenceCase.class.getResource("/reference/index.json");
        if (url == null) {
          throw new IllegalStateException("ReferenceCase: no /reference/index.json on the class path and -D"
              + PROPERTY + " not set");
        }
        try {
          root = Path.of(url.toURI()).getParent();
        } catch (URISyntaxException | java.nio.file.FileSystemNotFoundException e) {
          throw new IllegalStateException("ReferenceCase: cannot open " + url + " as a folder; set -D" + PROPERTY, e);
        }
      }
      if (!Files.isRegularFile(root.resolve("index.json"))) {
        throw new IllegalStateException("ReferenceCase: " + root + " has no index.json");
      }
    }
    return root;
  }

  /** The parsed {@code index.json}. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> index() {
    return (Map<String, Object>) Json.parse(read(root().resolve("index.json")));
  }

  /** Every case of {@code index.json} whose {@code kind} is {@code kind}, in index order. */
  @SuppressWarnings("unchecked")
  public static List<ReferenceCase> ofKind(String kind) {
    List<ReferenceCase> cases = new ArrayList<>();
    for (Object o : (List<Object>) index().get("cases")) {
      Map<String, Object> entry = (Map<String, Object>) o;
      if (kind.equals(entry.get("kind"))) {
        cases.add(load((String) entry.get("path")));
      }
    }
    return cases;
  }

  /** The case in folder {@code path} (relative to the root, e.g. {@code "layers/relu"}). */
  @SuppressWarnings("unchecked")
  public static ReferenceCase load(String path) {
    Path folder = root().resolve(path);
    Path manifest = folder.resolve("manifest.json");
    if (!Files.isRegularFile(manifest)) {
      throw new IllegalStateException("ReferenceCase: index.json lists " + path + ", but " + manifest + " is missing");
    }
    return new ReferenceCase(path, folder, (Map<String, Object>) Json.parse(read(manifest)));
  }

  /** The folder relative to the root, e.g. {@code "layers/relu"}. */
  public String path() {
    return path;
  }

  /** The last part of {@link #path()}, e.g. {@code "relu"}. */
  public String name() {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /** The parsed manifest. */
  public Map<String, Object> manifest() {
    return manifest;
  }

  /** Whether the manifest has a value at the given key path (nested objects). */
  public boolean has(String... keys) {
    return lookup(keys, false) != null;
  }

  /** The value at the given key path, e.g. {@code get("optimizer", "hyperparameters", "lr")}. */
  public Object get(String... keys) {
    return lookup(keys, true);
  }

  public String string(String... keys) {
    return (String) get(keys);
  }

  public double number(String... keys) {
    return ((Number) get(keys)).doubleValue();
  }

  public int integer(String... keys) {
    double v = number(keys);
    if (v != Math.rint(v)) {
      throw new IllegalStateException(path + ": " + String.join(".", keys) + " is not an integer: " + v);
    }
    return (int) v;
  }

  public boolean bool(String... keys) {
    return (Boolean) get(keys);
  }

  @SuppressWarnings("unchecked")
  public List<Object> list(String... keys) {
    return (List<Object>) get(keys);
  }

  /** A list of integers, e.g. {@code checkpoints}. */
  public int[] ints(String... keys) {
    return list(keys).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
  }

  /** {@code zero_positions_in_x} (or another list of index pairs) as [row, col] pairs. */
  public int[][] positions(String key) {
    if (!has(key)) {
      return new int[0][];
    }
    return list(key).stream()
        .map(o -> ((List<?>) o).stream().mapToInt(v -> ((Number) v).intValue()).toArray())
        .toArray(int[][]::new);
  }

  @SuppressWarnings("unchecked")
  private Object lookup(String[] keys, boolean required) {
    Object v = manifest;
    for (String k : keys) {
      if (!(v instanceof Map) || !((Map<String, Object>) v).containsKey(k)) {
        if (required) {
          throw new IllegalStateException(path + "/manifest.json has no " + String.join(".", keys));
        }
        return null;
      }
      v = ((Map<String, Object>) v).get(k);
    }
    return v;
  }

  // ---- arrays ---------------------------------------------------------------------------------

  /** Whether the manifest lists an array of that name. */
  public boolean hasArray(String name) {
    return has("arrays", name);
  }

  /** The names of the arrays, in manifest order. */
  @SuppressWarnings("unchecked")
  public List<String> arrayNames() {
    return new ArrayList<>(((Map<String, Object>) get("arrays")).keySet());
  }

  /** The shape of an array ({@code []} for a scalar). */
  public int[] shape(String name) {
    return ints("arrays", name, "shape");
  }

  /** The number of elements of an array: the product of its shape. */
  public int size(String name) {
    return Arrays.stream(shape(name)).reduce(1, Math::multiplyExact);
  }

  /** A float32 array, C order. */
  public float[] f32(String name) {
    ByteBuffer b = bytes(name, "float32");
    float[] v = new float[b.remaining() / 4];
    b.asFloatBuffer().get(v);
    return v;
  }

  /** An int32 array, C order. */
  public int[] i32(String name) {
    ByteBuffer b = bytes(name, "int32");
    int[] v = new int[b.remaining() / 4];
    b.asIntBuffer().get(v);
    return v;
  }

  /** The raw bytes of an array, checked against its dtype and shape. */
  private ByteBuffer bytes(String name, String dtype) {
    String actual = string("arrays", name, "dtype");
    if (!actual.equals(dtype)) {
      throw new IllegalStateException(path + ": array " + name + " is " + actual + ", not " + dtype);
    }
    Path file = folder.resolve(string("arrays", name, "file"));
    byte[] raw;
    try {
      raw = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertEquals(4L * size(name), raw.length, path + ": size of " + file.getFileName() + " for shape "
        + Arrays.toString(shape(name)));
    return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
  }

  // ---- tolerance ------------------------------------------------------------------------------

  /** Whether the manifest gives {@code suggested_tolerance}. */
  public boolean hasTolerance() {
    return has("suggested_tolerance", "abs") && has("suggested_tolerance", "rel");
  }

  /** The manifest's {@code suggested_tolerance}. */
  public Tolerance tolerance() {
    return new Tolerance(number("suggested_tolerance", "abs"), number("suggested_tolerance", "rel"));
  }

  /** The manifest's tolerance, or {@code fallback} when it gives none. */
  public Tolerance toleranceOr(Tolerance fallback) {
    return hasTolerance() ? tolerance() : fallback;
  }

  @Override
  public String toString() {
    return path;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Element-wise closeness {@code |got − expected| ≤ abs + rel·|expected|}, as the manifests
   * suggest.
   */
  public record Tolerance(double abs, double rel) {

    /** The allowed deviation from {@code expected}. */
    public double allowed(double expected) {
      return abs + rel * Math.abs(expected);
    }

    /**
     * Asserts that every element is close and returns the largest ratio deviation / allowed (≤ 1
     * when it passes), so callers can report how much margin there is.
     */
    public double assertClose(String what, float[] expected, float[] got) {
      if (expected.length != got.length) {
        fail(what + ": expected " + expected.length + " values, got " + got.length);
      }
      double worstRatio = 0;
      double worstAbs = 0;
      int worst = -1;
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < expected.length; i++) {
        double d = Math.abs((double) got[i] - expected[i]);
        double ratio = d / allowed(expected[i]);
        if (!(ratio <= 1)) { // also catches NaN
          if (failures.size() < 8) {
            failures.add("[" + i + "] expected " + expected[i] + ", got " + got[i] + " (|diff| " + d + ")");
          }
          ratio = Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio;
        }
        if (ratio > worstRatio || worst < 0) {
          worstRatio = ratio;
          worst = i;
        }
        worstAbs = Math.max(worstAbs, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
      }
      if (!failures.isEmpty()) {
        fail(what + ": " + failures.size() + "+ elements outside |diff| <= " + abs + " + " + rel + "*|expected|: "
            + String.join("; ", failures));
      }
      Report.record(what, worstAbs, worstRatio);
      return worstRatio;
    }

    /** As {@link #assertClose(String, float[], float[])} for one value. */
    public double assertClose(String what, double expected, double got) {
      double d = Math.abs(got - expected);
      double ratio = d / allowed(expected);
      if (!(ratio <= 1)) {
        fail(what + ": expected " + expected + ", got " + got + " (|diff| " + d + " > " + allowed(expected) + ")");
      }
      Report.record(what, d, ratio);
      return ratio;
    }
  }

  /** Prints the largest deviation of every comparison, to see the margin left by each case. */
  static final class Report {
    private Report() {}

    static void record(String what, double maxAbs, double ratio) {
      System.out.printf("[reference] %-60s max|diff| %.3e  (%.1f%% of tolerance)%n", what, maxAbs, 100 * ratio);
    }
  }
}
