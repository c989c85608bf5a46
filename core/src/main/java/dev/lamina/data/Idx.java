// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import dev.lamina.tensor.Shapes;
import dev.lamina.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (gzip-compressed or raw, recognised by gzip's
 * magic bytes 1F 8B, whatever the file's name): a big-endian magic number {@code 0x000008DD}
 * (unsigned bytes, DD dimensions), the dimension sizes as 32-bit integers, then the bytes. Errors
 * name the file, what was wrong and the byte offset (in the decompressed data for gzip).
 *
 * <p>A header is checked before anything is allocated for the values: its size must fit one
 * {@code float[]}, and a raw file must be long enough to hold it. Compressed values are read into a
 * buffer that grows as the data arrives, so a lying header costs no more memory than the data.
 */
public final class Idx {
  private static final int UNSIGNED_BYTE = 0x08;
  /** The first buffer for compressed data: 1 MiB, doubled as the data arrives. */
  private static final int FIRST_CHUNK = 1 << 20;

  private Idx() {}

  /** Reads an IDX file of unsigned bytes, each value multiplied by {@code scale} (1/255 gives [0, 1]). */
  public static Tensor read(Path file, float scale) {
    try (InputStream raw = Files.newInputStream(file)) {
      BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
      boolean gzip = Gzip.starts(buffered);
      try {
        InputStream in = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        return read(in, file, gzip ? -1 : Files.size(file), scale);
      } catch (ZipException e) {
        throw new IllegalArgumentException(file + ": corrupted gzip data: " + e.getMessage(), e);
      } catch (EOFException e) {
        // Values cut short are reported with their offset below; this is a stream cut in its header.
        throw new IllegalArgumentException(file + ": truncated gzip data: the compressed stream ends before the IDX header"
            + " is complete (" + e.getMessage() + ")", e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read: " + e, e);
    }
  }

  /** {@code fileSize} is the raw file's length, or −1 for compressed data (length unknown). */
  private static Tensor read(InputStream in, Path file, long fileSize, float scale) throws IOException {
    String where = fileSize < 0 ? "decompressed data" : "file";
    byte[] head = new byte[4];
    int got = in.readNBytes(head, 0, 4);
    if (got < 4) {
      throw new IllegalArgumentException(file + ": truncated header: needs 4 bytes for the magic number, "
          + where + " has " + got);
    }
    int magic = ByteBuffer.wrap(head).getInt(); // big-endian
    int type = (magic >>> 8) & 0xFF;
    int rank = magic & 0xFF;
    if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || rank < 1 || rank > 4) {
      throw new IllegalArgumentException(String.format(
          "%s: not an IDX file of unsigned bytes (magic number 0x%08X at offset 0, expected 0x000008 and 1-4 dimensions)",
          file, magic));
    }
    int headerBytes = 4 + 4 * rank;
    byte[] dims = new byte[4 * rank];
    got = in.readNBytes(dims, 0, dims.length);
    if (got < dims.length) {
      throw new IllegalArgumentException(file + ": truncated header: needs " + headerBytes + " bytes for " + rank
          + " dimension" + (rank == 1 ? "" : "s") + ", " + where + " has " + (4 + got));
    }
    int[] shape = new int[rank];
    ByteBuffer dimensions = ByteBuffer.wrap(dims);
    for (int i = 0; i < rank; i++) {
      shape[i] = dimensions.getInt();
      if (shape[i] < 0) {
        throw new IllegalArgumentException(file + ": dimension " + i + " is negative (" + shape[i] + ") at offset "
            + (4 + 4 * i));
      }
    }
    int size;
    try {
      size = (int) Shapes.size(shape);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": the header (offsets 0-" + (headerBytes - 1) + ") claims too many values: "
          + e.getMessage(), e);
    }
    if (fileSize >= 0 && fileSize < headerBytes + (long) size) {
      throw new IllegalArgumentException(file + ": truncated: the header promises " + size + " values after offset "
          + headerBytes + " (" + (headerBytes + (long) size) + " bytes in all), but the file has " + fileSize + " bytes");
    }
    byte[] bytes = new byte[fileSize >= 0 ? size : Math.min(size, FIRST_CHUNK)];
    int filled = 0;
    while (filled < size) {
      if (filled == bytes.length) {
        bytes = Arrays.copyOf(bytes, (int) Math.min(size, 2L * bytes.length));
      }
      int n;
      try {
        n = in.read(bytes, filled, bytes.length - filled);
      } catch (EOFException e) {
        throw new IllegalArgumentException(file + ": truncated gzip data: the compressed stream breaks off at"
            + " decompressed offset " + (headerBytes + (long) filled) + " (" + filled + " values), but the header"
            + " promises " + size + " values after offset " + headerBytes, e);
      }
      if (n < 0) {
        throw new IllegalArgumentException(file + ": truncated: the header promises " + size + " values after offset "
            + headerBytes + ", but the " + where + " ends at offset " + (headerBytes + (long) filled)
            + " (" + filled + " values)");
      }
      filled += n;
    }
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (bytes[i] & 0xFF) * scale;
    }
    return Tensor.of(values, shape);
  }
}
