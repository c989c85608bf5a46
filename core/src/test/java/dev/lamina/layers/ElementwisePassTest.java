// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.math.WorkerPool;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sizes below and above the split, odd ones too, on 1, 2 and 3 threads, and in place. */
class ElementwisePassTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 9, ElementwisePass.PARALLEL_FLOATS - 1, ElementwisePass.PARALLEL_FLOATS + 13, 100_003})
  void reluGradientPassesDyWhereZIsPositive(int size) {
    float[] z = values(size + 5, size);
    float[] dy = values(size + 5, size + 1);
    for (int threads = 1; threads <= 3; threads++) {
      float[] dz = new float[size + 5];
      float[] inPlace = dy.clone();
      WorkerPool.of(threads).call(() -> {
        ElementwisePass.reluGradient(z, dy, dz, size);
        ElementwisePass.reluGradient(z, inPlace, inPlace, size);
        return null;
      });
      for (int i = 0; i < size + 5; i++) {
        float expected = i < size && z[i] > 0 ? dy[i] : 0f;
        assertEquals(expected, dz[i], threads + " threads, index " + i);
        assertEquals(i < size ? expected : dy[i], inPlace[i], threads + " threads, in place, index " + i);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 9, ElementwisePass.PARALLEL_FLOATS - 1, ElementwisePass.PARALLEL_FLOATS + 13, 100_003})
  void sumAddsAndAppliesTheReluWhenAsked(int size) {
    float[] a = values(size + 5, 2 * size);
    float[] b = values(size + 5, 2 * size + 1);
    for (int threads = 1; threads <= 3; threads++) {
      for (boolean relu : new boolean[] {false, true}) {
        float[] out = new float[size + 5];
        float[] inPlace = a.clone();
        WorkerPool.of(threads).call(() -> {
          ElementwisePass.sum(a, b, out, size, relu);
          ElementwisePass.sum(inPlace, b, inPlace, size, relu);
          return null;
        });
        for (int i = 0; i < size + 5; i++) {
          float expected = i >= size ? 0f : relu ? Math.max(a[i] + b[i], 0f) : a[i] + b[i];
          String where = threads + " threads, relu " + relu + ", index " + i;
          assertEquals(expected, out[i], where);
          assertEquals(i < size ? expected : a[i], inPlace[i], where + ", in place");
        }
      }
    }
  }

  /** Values in [-1, 1), every seventh exactly 0 (the ReLU's edge). */
  private static float[] values(int size, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = i % 7 == 0 ? 0f : (float) (random.nextDouble() * 2 - 1);
    }
    return v;
  }
}
