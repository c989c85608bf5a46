// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.layers.Input;
import dev.lamina.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckInputsTest {
  @TempDir
  Path tmp;

  /** A float32 .npy file [rows, columns] of the values 0, 1, 2, … / 10, as numpy.save writes it. */
  static Path npy(Path file, int rows, int columns) throws IOException {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + columns + "), }";
    String header = dict + " ".repeat(118 - dict.length() - 1) + "\n"; // 10 + 118 = 128, a multiple of 64
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
    out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(floats(rows * columns));
    return Files.write(file, out.toByteArray());
  }

  /** Raw little-endian float32 values 0, 0.1, 0.2, …. */
  static Path raw(Path file, int count) throws IOException {
    return Files.write(file, floats(count));
  }

  private static byte[] floats(int count) {
    ByteBuffer b = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      b.putFloat(i / 10f);
    }
    return b.array();
  }

  @Test
  void eachFormatBecomesSamplesOfTheInputsShape() throws IOException {
    Input image = Input.named("image", 2, 3);
    Tensor fromNpy = CheckInputs.read(npy(tmp.resolve("x.npy"), 2, 6), null, image);
    assertArrayEquals(new int[] {2, 2, 3}, fromNpy.shape());
    assertEquals(1.1f, fromNpy.data()[11], 1e-7);
    Tensor fromRaw = CheckInputs.read(raw(tmp.resolve("x.bin"), 12), null, image);
    assertArrayEquals(new int[] {2, 2, 3}, fromRaw.shape());
    assertArrayEquals(fromNpy.data(), fromRaw.data());
    Tensor shaped = CheckInputs.read(raw(tmp.resolve("y.bin"), 12), new int[] {2, 2, 3}, image);
    assertArrayEquals(new int[] {2, 2, 3}, shaped.shape());
    Path csv = Files.writeString(tmp.resolve("x.csv"), "0,0.1,0.2,0.3,0.4,0.5\n");
    assertArrayEquals(new int[] {1, 2, 3}, CheckInputs.read(csv, null, image).shape());
  }

  @Test
  void mismatchesNameTheFileTheShapesAndTheInput() throws IOException {
    Input in = Input.named("x", 4);
    Path odd = Files.write(tmp.resolve("odd.f32"), new byte[] {1, 2, 3, 4, 5});
    assertEquals(odd + ": 5 bytes is not a whole number of float32 values (4 bytes each)",
        assertThrows(IllegalArgumentException.class, () -> CheckInputs.read(odd, null, in)).getMessage());
    Path six = raw(tmp.resolve("six.f32"), 6);
    assertEquals(six + " holds values of shape [6], but the model input 'x' takes samples of shape [4] (4 values each)",
        assertThrows(IllegalArgumentException.class, () -> CheckInputs.read(six, null, in)).getMessage());
    assertEquals("--shape [2, 4] holds 8 values, but " + six + " has 6 float32 values",
        assertThrows(IllegalArgumentException.class, () -> CheckInputs.read(six, new int[] {2, 4}, in)).getMessage());
    Path npy = npy(tmp.resolve("a.npy"), 1, 4);
    assertEquals("--shape is for raw float32 files; " + npy + " holds its own shape",
        assertThrows(IllegalArgumentException.class, () -> CheckInputs.read(npy, new int[] {1, 4}, in)).getMessage());
    assertEquals("--input: no such file " + tmp.resolve("none.npy"), assertThrows(IllegalArgumentException.class,
        () -> CheckInputs.read(tmp.resolve("none.npy"), null, in)).getMessage());
  }
}
