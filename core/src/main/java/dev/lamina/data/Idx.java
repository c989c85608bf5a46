package dev.lamina.data;

import dev.lamina.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (gzip-compressed or raw): a big-endian magic
 * number {@code 0x000008DD} (unsigned bytes, DD dimensions), the dimension sizes as 32-bit
 * integers, then the bytes. Errors name the file and what was wrong.
 */
public final class Idx {
  private static final int UNSIGNED_BYTE = 0x08;
  /** Refuse files that claim more values than any IDX data set has (guards against garbage headers). */
  private static final long MAX_VALUES = 1L << 31;

  private Idx() {}

  /** Reads an IDX file of unsigned bytes, each value multiplied by {@code scale} (1/255 gives [0, 1]). */
  public static Tensor read(Path file, float scale) {
    try (InputStream raw = open(file); DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      int magic = in.readInt();
      int type = (magic >>> 8) & 0xFF;
      int rank = magic & 0xFF;
      if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || rank < 1 || rank > 4) {
        throw new IllegalArgumentException(String.format(
            "%s: not an IDX file of unsigned bytes (magic number 0x%08X at offset 0, expected 0x000008 and 1-4 dimensions)",
            file, magic));
      }
      int[] shape = new int[rank];
      long size = 1;
      for (int i = 0; i < rank; i++) {
        shape[i] = in.readInt();
        if (shape[i] < 0) {
          throw new IllegalArgumentException(file + ": dimension " + i + " is negative (" + shape[i] + ") at offset " + (4 + 4 * i));
        }
        size *= shape[i];
      }
      if (size > MAX_VALUES) {
        throw new IllegalArgumentException(file + ": header claims " + size + " values, more than an IDX data set can hold");
      }
      byte[] bytes = new byte[(int) size];
      try {
        in.readFully(bytes);
      } catch (EOFException e) {
        throw new IllegalArgumentException(file + ": truncated: the header promises " + size
            + " values after offset " + (4 + 4 * rank) + ", but the file ends early", e);
      }
      float[] values = new float[bytes.length];
      for (int i = 0; i < bytes.length; i++) {
        values[i] = (bytes[i] & 0xFF) * scale;
      }
      return Tensor.of(values, shape);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static InputStream open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
  }
}
