// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.data.Csv;
import dev.lamina.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingDataTest {
  @TempDir
  Path folder;

  private static Object roundTrip(Object o) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return in.readObject();
    }
  }

  @Test
  void arraysSurviveJavaSerialisationAndWrapTheirArraysOnce() throws Exception {
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
    Tensor y = Tensor.of(new float[] {0, 1, 0}, 3);
    TrainingData data = TrainingData.arrays(x, y);
    assertSame(x.data(), data.load().inputs().get(0).data(), "not copied on the driver");
    TrainingData copy = (TrainingData) roundTrip(data);
    Samples s = copy.load();
    assertArrayEquals(new int[] {3, 2}, s.inputs().get(0).shape());
    assertArrayEquals(y.data(), s.targets().get(0).data());
    assertSame(s, copy.load(), "made once per copy");
  }

  @Test
  void idxAndCsvFilesAreReadWhereTheyAreAndCompareByValue() throws Exception {
    Path images = folder.resolve("images.idx");
    Path labels = folder.resolve("labels.idx");
    Files.write(images, new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, (byte) 255, 51, 102});
    Files.write(labels, new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 7, 3});
    TrainingData idx = TrainingData.idx(images.toString(), labels.toString(), 1 / 255f);
    assertEquals(idx, roundTrip(idx), "equal after serialisation: an executor's cache finds it");
    Samples s = idx.load();
    assertArrayEquals(new int[] {2, 1, 2}, s.inputs().get(0).shape());
    assertArrayEquals(new float[] {0, 1, 0.2f, 0.4f}, s.inputs().get(0).data(), 1e-6f);
    assertArrayEquals(new float[] {7, 3}, s.targets().get(0).data());

    Path csv = folder.resolve("d.csv");
    Files.writeString(csv, "a;b;label\n1;2;0\n3;4;1\n");
    TrainingData table = TrainingData.csv(csv.toString(), Csv.format().header(true).delimiter(';').labelColumn(2));
    assertEquals(table, roundTrip(table));
    Samples t = table.load();
    assertArrayEquals(new float[] {1, 2, 3, 4}, t.inputs().get(0).data());
    assertArrayEquals(new float[] {0, 1}, t.targets().get(0).data());
  }

  @Test
  void samplesOfDifferentLengthsAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainingData.arrays(Tensor.zeros(3, 2), Tensor.zeros(4)));
    assertTrue(e.getMessage().startsWith("Samples: every tensor needs 3 samples (as the first input), but one has shape [4]"),
        e.getMessage());
  }
}
