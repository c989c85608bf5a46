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
}
