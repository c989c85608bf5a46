// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.math.WorkerPool;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReluGradientTest {

  /** Sizes below and above the split, odd ones too, on 1, 2 and 3 threads, and in place. */
  @ParameterizedTest
  @ValueSource(ints = {1, 9, ReluGradient.PARALLEL_FLOATS - 1, ReluGradient.PARALLEL_FLOATS + 13, 100_003})
  void passesDyWhereZIsPositiveOnAnyThreadCount(int size) {
    SplittableRandom random = new SplittableRandom(size);
    float[] z = new float[size + 5];
    float[] dy = new float[size + 5];
    for (int i = 0; i < z.length; i++) {
      z[i] = i % 7 == 0 ? 0f : (float) (random.nextDouble() * 2 - 1);
      dy[i] = (float) (random.nextDouble() * 2 - 1);
    }
    for (int threads = 1; threads <= 3; threads++) {
      float[] dz = new float[size + 5];
      float[] inPlace = dy.clone();
      WorkerPool.of(threads).call(() -> {
        ReluGradient.apply(z, dy, dz, size);
        ReluGradient.apply(z, inPlace, inPlace, size);
        return null;
      });
      for (int i = 0; i < size + 5; i++) {
        float expected = i < size && z[i] > 0 ? dy[i] : 0f;
        assertEquals(expected, dz[i], threads + " threads, index " + i);
        assertEquals(i < size ? expected : dy[i], inPlace[i], threads + " threads, in place, index " + i);
      }
    }
  }
}
