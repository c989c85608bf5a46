// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.lamina.activations.Activations;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Input;
import dev.lamina.losses.Losses;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PredictorTest {

  /** The W3 shape: Flatten → BN → Dense 300 ELU → BN → Dense 100 ELU → BN → Dense 10 softmax. */
  private static Sequential model() {
    Sequential m = Sequential.of(1, Input.of(28, 28), new Flatten.Spec(null), new BatchNormalization.Spec(),
        Dense.builder(300).activation(Activations.ELU), new BatchNormalization.Spec(),
        Dense.builder(100).activation(Activations.ELU), new BatchNormalization.Spec(),
        Dense.builder(10).activation(Activations.SOFTMAX));
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().build());
    return m;
  }

  private static Tensor images(int n) {
    SplittableRandom r = new SplittableRandom(2);
    float[] x = new float[n * 784];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    return Tensor.of(x, n, 28, 28);
  }

  @Test
  void matchesBatchedPredict() {
    Sequential m = model();
    Tensor x = images(5);
    m.fit(x, Tensor.of(new float[] {1, 2, 3, 4, 5}, 5), FitOptions.defaults().epochs(2).verbose(false));
    Tensor batched = m.predict(x);
    Predictor p = m.predictor();
    assertEquals(784, p.inputSize());
    assertEquals(10, p.outputSize());
    for (int i = 0; i < 5; i++) {
      float[] sample = java.util.Arrays.copyOfRange(x.data(), i * 784, (i + 1) * 784);
      float[] expected = java.util.Arrays.copyOfRange(batched.data(), i * 10, (i + 1) * 10);
      assertArrayEquals(expected, p.predict(sample), 1e-6f, "sample " + i);
    }
  }

  @Test
  void allocatesNothingPerCall() {
    Predictor p = model().predictor();
    float[] sample = java.util.Arrays.copyOf(images(1).data(), 784);
    float[] out = new float[10];
    ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    for (int i = 0; i < 20_000; i++) { // warm up: compiled code, grown buffers
      p.predict(sample, out);
    }
    long before = bean.getThreadAllocatedBytes(id);
    for (int i = 0; i < 1000; i++) {
      p.predict(sample, out);
    }
    long allocated = bean.getThreadAllocatedBytes(id) - before;
    assertTrue(allocated < 1000, "1000 predictions allocated " + allocated + " bytes");
  }

  @Test
  void rejectsSamplesOfTheWrongSize() {
    Predictor p = model().predictor();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.predict(new float[783]));
    assertEquals("Predictor: a sample must have 784 values (input shape [28, 28]), but had 783", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> p.predict(new float[784], new float[3]));
    assertEquals("Predictor: the output array must have 10 values, but had 3", e.getMessage());
  }
}
