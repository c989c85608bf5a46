// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  private static byte[] idx(int magic, int[] dims, int values) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values);
    b.putInt(magic);
    for (int d : dims) {
      b.putInt(d);
    }
    for (int i = 0; i < values; i++) {
      b.put((byte) (i * 37));
    }
    return b.array();
  }

  private Path write(String name, byte[] bytes, boolean gzip) throws IOException {
    Path p = dir.resolve(name);
    if (gzip) {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      try (OutputStream out = new GZIPOutputStream(bos)) {
        out.write(bytes);
      }
      bytes = bos.toByteArray();
    }
    Files.write(p, bytes);
    return p;
  }

  @Test
  void readsRawAndGzipIdentically() throws IOException {
    byte[] bytes = idx(0x00000803, new int[] {2, 3, 4}, 24);
    Tensor raw = Idx.read(write("a-idx3-ubyte", bytes, false), 1f);
    Tensor gz = Idx.read(write("a-idx3-ubyte.gz", bytes, true), 1f);
    assertArrayEquals(new int[] {2, 3, 4}, raw.shape());
    assertArrayEquals(raw.data(), gz.data(), 0f);
    assertEquals((byte) (5 * 37) & 0xFF, (int) raw.data()[5]);
  }

  @Test
  void truncatedFileIsAClearError() throws IOException {
    Path p = write("t.gz", idx(0x00000801, new int[] {10}, 7), true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.read(p, 1f));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertTrue(e.getMessage().contains("10 values after offset 8"), e.getMessage());
  }

  @Test
  void foreignFileIsAClearError() throws IOException {
    Path p = write("x", "hello, world, not idx".getBytes(), false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.read(p, 1f));
    assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
    assertTrue(e.getMessage().contains("offset 0"), e.getMessage());
  }

  @Test
  void absurdHeaderIsRefusedBeforeAllocating() throws IOException {
    Path p = write("big", idx(0x00000803, new int[] {100000, 100000, 100000}, 0), false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.read(p, 1f));
    assertTrue(e.getMessage().contains("claims"), e.getMessage());
  }

  @Test
  void truncatedHeaderNamesTheBytesNeededAndPresent() throws IOException {
    Path empty = write("empty", new byte[0], false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.read(empty, 1f));
    assertEquals(empty + ": truncated header: needs 4 bytes for the magic number, file has 0", e.getMessage());
    Path cut = write("cut", Arrays.copyOf(idx(0x00000803, new int[] {2, 2, 2}, 0), 10), false);
    e = assertThrows(IllegalArgumentException.class, () -> Idx.read(cut, 1f));
    assertEquals(cut + ": truncated header: needs 16 bytes for 3 dimensions, file has 10", e.getMessage());
    Path cutGz = write("cut.gz", Arrays.copyOf(idx(0x00000803, new int[] {2, 2, 2}, 0), 10), true);
    e = assertThrows(IllegalArgumentException.class, () -> Idx.read(cutGz, 1f));
    assertEquals(cutGz + ": truncated header: needs 16 bytes for 3 dimensions, decompressed data has 10", e.getMessage());
  }

  @Test
  void sizesBeyondAFloatArrayAreRefusedNamingTheShape() throws IOException {
    Path overflow = write("ov", idx(0x00000804, new int[] {65536, 65536, 65536, 65536}, 0), false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.read(overflow, 1f));
    assertTrue(e.getMessage().startsWith(overflow + ": the header (offsets 0-19) claims too many values: shape "
        + "[65536, 65536, 65536, 65536] has more than 2^63 values"), e.getMessage());
    Path twoTo31 = write("big", idx(0x00000802, new int[] {65536, 32768}, 0), false);
    e = assertThrows(IllegalArgumentException.class, () -> Idx.read(twoTo31, 1f));
    assertTrue(e.getMessage().contains("shape [65536, 32768] has 2147483648 values"), e.getMessage());
    Path maxInt = write("max", idx(0x00000801, new int[] {Integer.MAX_VALUE}, 0), false);
    e = assertThrows(IllegalArgumentException.class, () -> Idx.read(maxInt, 1f));
    assertTrue(e.getMessage().contains("shape [2147483647] has 2147483647 values"), e.getMessage());
  }

  @Test
  void rawFileShorterThanItsHeaderClaimsIsRefusedBeforeAllocating() throws IOException {
    Path p = write("lie", idx(0x00000801, new int[] {1 << 30}, 0), false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.read(p, 1f));
    assertEquals(p + ": truncated: the header promises 1073741824 values after offset 8 (1073741832 bytes in all),"
        + " but the file has 8 bytes", e.getMessage());
  }

  @Test
  void gzipWithAnAbsurdClaimFailsAtTheOffsetWhereTheDataEnds() throws IOException {
    Path p = write("lie.gz", idx(0x00000801, new int[] {1 << 30}, 3), true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.read(p, 1f));
    assertEquals(p + ": truncated: the header promises 1073741824 values after offset 8, but the decompressed data"
        + " ends at offset 11 (3 values)", e.getMessage());
  }

  @Test
  void gzipCutInTheValuesNamesTheOffset() throws IOException {
    byte[] gz = gzip(idx(0x00000803, new int[] {20, 20, 20}, 8000));
    Path p = write("cut-values.gz", Arrays.copyOf(gz, gz.length - 20), false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.read(p, 1f));
    assertTrue(e.getMessage().matches(java.util.regex.Pattern.quote(p + ": truncated gzip data: the compressed stream"
        + " breaks off at decompressed offset ") + "(\\d+) \\(\\d+ values\\), but the header promises 8000 values after"
        + " offset 16"), e.getMessage());
  }

  @Test
  void gzipIsRecognisedByItsMagicBytesNotItsName() throws IOException {
    byte[] bytes = idx(0x00000803, new int[] {2, 2, 2}, 8);
    Tensor gzipWithoutSuffix = Idx.read(write("compressed-idx3-ubyte", bytes, true), 1f);
    Tensor rawWithSuffix = Idx.read(write("raw-idx3-ubyte.gz", bytes, false), 1f);
    assertArrayEquals(new int[] {2, 2, 2}, gzipWithoutSuffix.shape());
    assertArrayEquals(gzipWithoutSuffix.data(), rawWithSuffix.data(), 0f);
    assertEquals(37f, rawWithSuffix.data()[1]);
    Path foreign = write("foreign.gz", "PK not gzip".getBytes(), false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.read(foreign, 1f));
    assertTrue(e.getMessage().startsWith(foreign + ": not an IDX file"), e.getMessage());
  }

  @Test
  void corruptedGzipIsAFormatError() throws IOException {
    byte[] gz = gzip(idx(0x00000803, new int[] {2, 2, 2}, 8));
    gz[2] = 7; // compression method: only 8 (deflate) exists
    Path p = write("bad.gz", gz, false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.read(p, 1f));
    assertTrue(e.getMessage().startsWith(p + ": corrupted gzip data: "), e.getMessage());
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bos)) {
      out.write(bytes);
    }
    return bos.toByteArray();
  }
}
