package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.lamina.tensor.Tensor;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class TrainerTest {

  private static long allocatedDuringFit(Sequential model, Tensor x, Tensor y, int epochs) {
    ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    FitOptions options = FitOptions.defaults().epochs(epochs).batchSize(20).verbose(false).seed(1);
    long before = bean.getThreadAllocatedBytes(id);
    model.fit(x, y, options);
    return bean.getThreadAllocatedBytes(id) - before;
  }

  /**
   * Allocation is counted by the JVM, not timed. One more epoch of 200 batches may cost the
   * epoch's bookkeeping (a history entry, a log line's map), but less than 8 bytes per batch, once
   * warmed up: until C2 has compiled the Vector API kernels their vectors are boxed, so the test
   * keeps warming up (as long as 60 rounds of 10 fits) until the steady state shows.
   */
  @Test
  void theTrainingLoopAllocatesNothingPerBatch() {
    Tensor[] d = SequentialTest.toyData(4000, 1);
    Sequential model = SequentialTest.toyModel(1);
    long perEpoch = Long.MAX_VALUE;
    for (int round = 0; round < 60 && perEpoch >= 200 * 8; round++) {
      for (int i = 0; i < 10; i++) {
        allocatedDuringFit(model, d[0], d[1], 1);
      }
      perEpoch = allocatedDuringFit(model, d[0], d[1], 2) - allocatedDuringFit(model, d[0], d[1], 1);
    }
    assertTrue(perEpoch < 200 * 8, "an epoch of 200 batches allocated " + perEpoch + " bytes");
  }

  @Test
  void fullBatchHistoryLossIsTheLossBeforeEachUpdate() {
    Tensor[] d = SequentialTest.toyData(64, 2);
    Sequential model = SequentialTest.toyModel(4);
    double before = model.evaluate(d[0], d[1], 64).loss();
    History h = model.fit(d[0], d[1], FitOptions.defaults().epochs(2).batchSize(64).shuffle(false).verbose(false));
    assertEquals(before, h.get("loss").get(0), 1e-6);
  }
}
