// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a NumPy {@code .npy} file (what {@code numpy.save} writes) into a {@link Tensor} of the
 * array's shape: format versions 1 to 3, float32 or float64 (narrowed to float32), either byte
 * order, C order (row-major). Fortran-order arrays and other element types are refused with a
 * message saying what the file holds. See the format's specification in NumPy's
 * {@code numpy.lib.format}.
 *
 * <pre>{@code
 * Tensor x = Npy.read(Path.of("inputs.npy"));   // numpy.save("inputs.npy", x.astype("float32"))
 * }</pre>
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /**
   * Reads the array of {@code file}; a 0-d array (a scalar) becomes a tensor of shape [1].
   *
   * @throws IllegalArgumentException naming the file and what is wrong: not an .npy file, an
   *     element type other than float32/float64, Fortran order, fewer bytes than the shape needs
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Tensor read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
    }
    return read(bytes, file.toString());
  }

  /** Reads an .npy file's bytes; {@code source} names it in errors. */
  public static Tensor read(byte[] bytes, String source) {
    if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
      throw new IllegalArgumentException(source + ": not a NumPy .npy file (it does not start with \\x93NUMPY)");
    }
    int major = bytes[6];
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength;
    int start;
    if (major == 1) {
      headerLength = Short.toUnsignedInt(b.getShort(8));
      start = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) {
        throw new IllegalArgumentException(source + ": truncated .npy header");
      }
      headerLength = b.getInt(8);
      start = 12;
    } else {
      throw new IllegalArgumentException(source + ": .npy format version " + major + " is not supported (1 to 3 are)");
    }
    if (headerLength < 0 || start + headerLength > bytes.length) {
      throw new IllegalArgumentException(source + ": truncated .npy header (" + headerLength + " bytes announced)");
    }
    String header = new String(bytes, start, headerLength, major == 3 ? StandardCharsets.UTF_8
        : StandardCharsets.ISO_8859_1);
    String descr = field(DESCR, header, "descr", source);
    if (field(FORTRAN, header, "fortran_order", source).equals("True")) {
      throw new IllegalArgumentException(source + ": the array is in Fortran order; save it in C order "
          + "(numpy.ascontiguousarray)");
    }
    int[] shape = shape(field(SHAPE, header, "shape", source), source);
    int width = switch (descr) {
      case "<f4", ">f4", "=f4" -> 4;
      case "<f8", ">f8", "=f8" -> 8;
      default -> throw new IllegalArgumentException(source + ": the elements are '" + descr + "'; float32 ('<f4') or "
          + "float64 ('<f8') are read (x.astype('float32'))");
    };
    long count = 1;
    for (int d : shape) {
      count *= d;
    }
    int data = start + headerLength;
    if (count > Integer.MAX_VALUE || (long) bytes.length - data < count * width) {
      throw new IllegalArgumentException(source + ": truncated: the shape " + Arrays.toString(shape) + " needs "
          + count * width + " bytes of data, but the file has " + (bytes.length - data));
    }
    ByteBuffer values = ByteBuffer.wrap(bytes, data, bytes.length - data)
        .order(descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    float[] x = new float[(int) count];
    for (int i = 0; i < x.length; i++) {
      x[i] = width == 4 ? values.getFloat() : (float) values.getDouble();
    }
    return Tensor.of(x, shape.length == 0 ? new int[] {1} : shape);
  }

  private static String field(Pattern p, String header, String name, String source) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new IllegalArgumentException(source + ": the .npy header has no '" + name + "': " + header.strip());
    }
    return m.group(1);
  }

  private static int[] shape(String tuple, String source) {
    String[] parts = Arrays.stream(tuple.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toArray(String[]::new);
    int[] shape = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        shape[i] = Integer.parseInt(parts[i].replaceAll("L$", "")); // Python 2 wrote 3L
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(source + ": the .npy shape (" + tuple + ") is not a tuple of sizes");
      }
      if (shape[i] < 0) {
        throw new IllegalArgumentException(source + ": the .npy shape (" + tuple + ") has a negative size");
      }
    }
    return shape;
  }
}
