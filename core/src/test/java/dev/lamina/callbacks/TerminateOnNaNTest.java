// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.layers.Dense;
import dev.lamina.layers.Input;
import dev.lamina.losses.Losses;
import dev.lamina.model.History;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TerminateOnNaNTest {

  /** A NaN target in sample 25 makes batch 3 (1-based; batches of 10, unshuffled) of the first epoch NaN. */
  @Test
  void stopsAtTheFirstNaNBatchNamingEpochBatchAndLoss() {
    float[] x = new float[40];
    float[] y = new float[40];
    for (int i = 0; i < 40; i++) {
      x[i] = i / 40f;
      y[i] = 2 * x[i];
    }
    y[25] = Float.NaN;
    Sequential model = Sequential.of(1, Input.of(1), Dense.builder(1));
    model.compile(Losses.meanSquaredError(), Optimizers.sgd().build());
    AtomicInteger batches = new AtomicInteger();
    History h = model.fit(Tensor.of(x, 40, 1), Tensor.of(y, 40, 1), FitOptions().callbacks(new TerminateOnNaN(),
        Callback.onBatchEnd(e -> batches.incrementAndGet())));
    assertEquals("TerminateOnNaN: invalid loss NaN at epoch 1, batch 3", h.stopReason());
    assertEquals(3, batches.get());
    assertEquals(1, h.epochs());
  }

  private static dev.lamina.model.FitOptions FitOptions() {
    return dev.lamina.model.FitOptions.defaults().epochs(5).batchSize(10).shuffle(false).verbose(false);
  }
}
