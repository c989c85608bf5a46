// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.math.WorkerPool;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ImageQueueTest {

  @Test
  void handsOutEachImageOnceThenMinusOne() {
    ImageQueue queue = new ImageQueue();
    queue.reset(3);
    assertArrayEquals(new int[] {0, 1, 2, -1, -1}, new int[] {queue.next(), queue.next(), queue.next(), queue.next(), queue.next()});
    queue.reset(2);
    assertArrayEquals(new int[] {0, 1, -1}, new int[] {queue.next(), queue.next(), queue.next()}, "after a reset");
    queue.reset(0);
    assertEquals(-1, queue.next(), "an empty batch");
  }

  /** The parts of a pool run, taking images concurrently, take each exactly once. */
  @Test
  void partsOfAPoolRunTakeEveryImageExactlyOnce() {
    int batch = 1_000;
    for (int threads = 1; threads <= 3; threads++) {
      ImageQueue queue = new ImageQueue();
      AtomicIntegerArray taken = new AtomicIntegerArray(batch);
      for (int round = 0; round < 3; round++) {
        queue.reset(batch);
        WorkerPool.of(threads).run((part, parts) -> {
          for (int i = queue.next(); i >= 0; i = queue.next()) {
            taken.incrementAndGet(i);
          }
        }, threads);
      }
      for (int i = 0; i < batch; i++) {
        assertEquals(3, taken.get(i), threads + " threads, image " + i);
      }
    }
  }
}
