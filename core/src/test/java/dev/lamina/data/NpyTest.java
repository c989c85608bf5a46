// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NpyTest {

  /** An .npy file as numpy.save writes it (version 1, header padded to 64 bytes with a newline). */
  static byte[] npy(String descr, String shape, boolean fortran, int major, ByteOrder order, double... values) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape
        + ", }";
    int prefix = major == 1 ? 10 : 12;
    int padded = (prefix + dict.length() + 1 + 63) / 64 * 64 - prefix;
    String header = dict + " ".repeat(padded - dict.length() - 1) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    ByteBuffer length = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
    if (major == 1) {
      length.putShort((short) header.length());
    } else {
      length.putInt(header.length());
    }
    out.writeBytes(length.array());
    out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    boolean doubles = descr.endsWith("8");
    ByteBuffer data = ByteBuffer.allocate(values.length * (doubles ? 8 : 4)).order(order);
    for (double v : values) {
      if (doubles) {
        data.putDouble(v);
      } else {
        data.putFloat((float) v);
      }
    }
    out.writeBytes(data.array());
    return out.toByteArray();
  }

  @Test
  void readsFloat32InCOrderWithItsShape() {
    Tensor t = Npy.read(npy("<f4", "(2, 3)", false, 1, ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6.5), "x.npy");
    assertArrayEquals(new int[] {2, 3}, t.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6.5f}, t.data());
  }

  @Test
  void readsFloat64BigEndianAndVersion2AndScalars() {
    Tensor t = Npy.read(npy(">f8", "(3,)", false, 2, ByteOrder.BIG_ENDIAN, 0.25, -1, 1e10), "x.npy");
    assertArrayEquals(new int[] {3}, t.shape());
    assertArrayEquals(new float[] {0.25f, -1, 1e10f}, t.data());
    assertArrayEquals(new int[] {1}, Npy.read(npy("<f4", "()", false, 1, ByteOrder.LITTLE_ENDIAN, 7), "s").shape());
  }

  @Test
  void refusesWhatItCannotReadSayingWhat() {
    assertMessage("x.npy: not a NumPy .npy file", "not numpy at all".getBytes(StandardCharsets.US_ASCII));
    assertMessage("x.npy: the elements are '<i8'; float32 ('<f4') or float64 ('<f8') are read",
        npy("<i8", "(1,)", false, 1, ByteOrder.LITTLE_ENDIAN, 1));
    assertMessage("x.npy: the array is in Fortran order", npy("<f4", "(1, 1)", true, 1, ByteOrder.LITTLE_ENDIAN, 1));
    assertMessage("x.npy: truncated: the shape [2, 2] needs 16 bytes of data, but the file has 12",
        npy("<f4", "(2, 2)", false, 1, ByteOrder.LITTLE_ENDIAN, 1, 2, 3));
  }

  private static void assertMessage(String start, byte[] file) {
    String m = assertThrows(IllegalArgumentException.class, () -> Npy.read(file, "x.npy")).getMessage();
    assertTrue(m.startsWith(start), m);
  }
}
