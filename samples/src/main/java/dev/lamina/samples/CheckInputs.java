// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import dev.lamina.data.Csv;
import dev.lamina.data.Npy;
import dev.lamina.layers.Input;
import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The inputs of {@code lamina check --input FILE}: a NumPy {@code .npy} file, a CSV file
 * ({@code .csv}, optionally gzip-compressed; one sample per row, no label) or raw little-endian
 * float32 values (any other name, C order, as numpy's {@code tofile} writes them on x86 and ARM)
 * with an optional {@code --shape}. Each becomes [samples, …the model input's shape]: the values
 * of a sample must be as many as the input takes.
 */
final class CheckInputs {
  private CheckInputs() {}

  /**
   * Reads {@code file} for {@code input}.
   *
   * @param shape the shape of a raw file, or null for [values / features, …input shape]
   */
  static Tensor read(Path file, @Nullable int[] shape, Input input) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--input: no such file " + file);
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean raw = !name.endsWith(".npy") && !name.endsWith(".csv") && !name.endsWith(".csv.gz");
    if (!raw && shape != null) {
      throw new IllegalArgumentException("--shape is for raw float32 files; " + file + " holds its own shape");
    }
    Tensor values = name.endsWith(".npy") ? Npy.read(file)
        : raw ? raw(file, shape) : Csv.format().readValues(file);
    return fitted(values, input, file);
  }

  private static Tensor raw(Path file, @Nullable int[] shape) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (bytes.length % Float.BYTES != 0) {
      throw new IllegalArgumentException(file + ": " + bytes.length + " bytes is not a whole number of float32 values"
          + " (4 bytes each)");
    }
    float[] x = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(x);
    if (shape == null) {
      return Tensor.of(x, x.length);
    }
    long count = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
    if (Arrays.stream(shape).anyMatch(d -> d <= 0) || count != x.length) {
      throw new IllegalArgumentException("--shape " + Arrays.toString(shape) + " holds " + count + " values, but " + file
          + " has " + x.length + " float32 values");
    }
    return Tensor.of(x, shape);
  }

  /** The values as [samples, …input shape], the samples being the total over the input's size. */
  private static Tensor fitted(Tensor values, Input input, Path file) {
    int[] sample = input.shape();
    int features = Arrays.stream(sample).reduce(1, Math::multiplyExact);
    int[] shape = values.shape();
    int given = shape.length < 2 ? values.size() : values.size() / shape[0];
    boolean fits = shape.length < 2 ? values.size() % features == 0 && values.size() > 0 : given == features;
    if (!fits) {
      throw new IllegalArgumentException(file + " holds values of shape " + Arrays.toString(shape) + ", but the model "
          + "input '" + input.name() + "' takes samples of shape " + Arrays.toString(sample) + " (" + features
          + " values each)");
    }
    int[] fitted = new int[sample.length + 1];
    fitted[0] = values.size() / features;
    System.arraycopy(sample, 0, fitted, 1, sample.length);
    return Arrays.equals(fitted, shape) ? values : values.reshape(fitted);
  }
}
