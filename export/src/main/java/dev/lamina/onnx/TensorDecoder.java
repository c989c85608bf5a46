// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.onnx.proto.Onnx.StringStringEntryProto;
import dev.lamina.onnx.proto.Onnx.TensorProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a {@link TensorProto} into a {@link Constant}, checking first that the file really holds
 * the values its dims announce (raw_data, typed fields or external data), so that no array is
 * allocated for a size the file does not contain.
 */
final class TensorDecoder {
  /** More elements than this in one tensor is taken as a corrupt file (1 GiB of floats). */
  static final long MAX_ELEMENTS = 1L << 28;

  private final @Nullable Path folder;
  private final List<String> notes;
  private boolean castNoted;

  /** @param folder where external data files are, or null when reading from bytes */
  TensorDecoder(@Nullable Path folder, List<String> notes) {
    this.folder = folder;
    this.notes = notes;
  }

  Constant decode(TensorProto t, String name) {
    long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    long n = elements(dims, name);
    int type = t.getDataType();
    int width = switch (type) {
      case 1, 6 -> 4; // FLOAT, INT32
      case 11, 7 -> 8; // DOUBLE, INT64
      case 9 -> 1; // BOOL
      default -> throw OnnxImportException.of("tensor '" + name + "' has data type " + typeName(type)
          + "; Lamina reads FLOAT, DOUBLE (cast to float32), INT64, INT32 and BOOL tensors");
    };
    ByteBuffer raw = null;
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      raw = external(t, name, n * width);
    } else if (t.hasRawData()) {
      if (t.getRawData().size() < n * width) {
        throw OnnxImportException.of("tensor '" + name + "' is truncated: dims " + java.util.Arrays.toString(dims)
            + " need " + n * width + " bytes, raw_data holds " + t.getRawData().size());
      }
      raw = t.getRawData().asReadOnlyByteBuffer();
    }
    if (raw != null) {
      raw.order(ByteOrder.LITTLE_ENDIAN);
      return fromRaw(raw, type, (int) n, dims, name);
    }
    long given = switch (type) {
      case 1 -> t.getFloatDataCount();
      case 11 -> t.getDoubleDataCount();
      case 7 -> t.getInt64DataCount();
      default -> t.getInt32DataCount();
    };
    if (given != n) {
      throw OnnxImportException.of("tensor '" + name + "' has dims " + java.util.Arrays.toString(dims) + " (" + n
          + " values) but holds " + given + " values");
    }
    return switch (type) {
      case 1 -> Constant.ofFloats(name, dims, toArray(t.getFloatDataList()));
      case 11 -> Constant.ofFloats(name, dims, castDoubles(t.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray()));
      case 7 -> Constant.ofLongs(name, dims, t.getInt64DataList().stream().mapToLong(Long::longValue).toArray());
      default -> Constant.ofLongs(name, dims, t.getInt32DataList().stream().mapToLong(Integer::longValue).toArray());
    };
  }

  private Constant fromRaw(ByteBuffer b, int type, int n, long[] dims, String name) {
    switch (type) {
      case 1 -> {
        float[] f = new float[n];
        b.asFloatBuffer().get(f);
        return Constant.ofFloats(name, dims, f);
      }
      case 11 -> {
        double[] d = new double[n];
        b.asDoubleBuffer().get(d);
        return Constant.ofFloats(name, dims, castDoubles(d));
      }
      case 7 -> {
        long[] l = new long[n];
        b.asLongBuffer().get(l);
        return Constant.ofLongs(name, dims, l);
      }
      case 6 -> {
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
          l[i] = b.getInt(b.position() + 4 * i);
        }
        return Constant.ofLongs(name, dims, l);
      }
      default -> {
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
          l[i] = b.get(b.position() + i) != 0 ? 1 : 0;
        }
        return Constant.ofLongs(name, dims, l);
      }
    }
  }

  /** Reads {@code bytes} bytes of external data after checking the location and the file's size. */
  private ByteBuffer external(TensorProto t, String name, long bytes) {
    String location = null;
    long offset = 0;
    long length = -1;
    for (StringStringEntryProto e : t.getExternalDataList()) {
      try {
        switch (e.getKey()) {
          case "location" -> location = e.getValue();
          case "offset" -> offset = Long.parseLong(e.getValue());
          case "length" -> length = Long.parseLong(e.getValue());
          default -> { }
        }
      } catch (NumberFormatException bad) {
        throw OnnxImportException.of("tensor '" + name + "': external_data " + e.getKey() + " is not a number: " + e.getValue());
      }
    }
    if (location == null || location.isEmpty()) {
      throw OnnxImportException.of("tensor '" + name + "' is stored externally but names no location");
    }
    if (folder == null) {
      throw OnnxImportException.of("tensor '" + name + "' is stored in the external file '" + location
          + "'; import the model from its path (OnnxImporter.read(Path)) so the file can be found next to it");
    }
    Path file = folder.resolve(location).normalize();
    if (Path.of(location).isAbsolute() || location.contains("..") || !file.startsWith(folder.normalize())) {
      throw OnnxImportException.of("tensor '" + name + "': external data location '" + location
          + "' must be a relative path inside the model's folder");
    }
    if (offset < 0 || (length >= 0 && length != bytes)) {
      throw OnnxImportException.of("tensor '" + name + "': external data offset " + offset + " / length " + length
          + " do not fit its dims, which need " + bytes + " bytes");
    }
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        throw OnnxImportException.of("tensor '" + name + "': external data file " + file + " does not exist");
      }
      long size = Files.size(file);
      if (offset + bytes > size) {
        throw OnnxImportException.of("tensor '" + name + "': external data file " + file + " has " + size
            + " bytes, but the tensor needs " + bytes + " from offset " + offset);
      }
      ByteBuffer b = ByteBuffer.allocate((int) bytes);
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        while (b.hasRemaining() && ch.read(b, offset + b.position()) > 0) {
          // reading
        }
      }
      return b.flip();
    } catch (IOException e) {
      throw OnnxImportException.of("tensor '" + name + "': cannot read external data " + file + ": " + e.getMessage());
    }
  }

  private float[] castDoubles(double[] d) {
    if (!castNoted) {
      castNoted = true;
      notes.add("float64 weights are cast to float32 (Lamina computes in float32): expect differences of about 1e-7 "
          + "relative to a float64 runtime");
    }
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /** The number of elements, refusing negative or absurd dims before anything is allocated. */
  static long elements(long[] dims, String name) {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw OnnxImportException.of("tensor '" + name + "' has a negative dimension: " + java.util.Arrays.toString(dims));
      }
      if (d > 0 && n > MAX_ELEMENTS / d) {
        throw OnnxImportException.of("tensor '" + name + "' has absurd dims " + java.util.Arrays.toString(dims)
            + " (more than " + MAX_ELEMENTS + " elements)");
      }
      n *= d;
    }
    return n;
  }

  private static float[] toArray(List<Float> list) {
    float[] f = new float[list.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = list.get(i);
    }
    return f;
  }

  static String typeName(int type) {
    TensorProto.DataType t = TensorProto.DataType.forNumber(type);
    return t == null ? "#" + type : t.name();
  }
}
