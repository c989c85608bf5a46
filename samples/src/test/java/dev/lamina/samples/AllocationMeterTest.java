// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The meter counts what the threads alive at its start allocate, the caller and the others. */
class AllocationMeterTest {
  private static volatile Object sink;

  @Test
  void countsAnArrayAllocatedAfterTheStart() {
    AllocationMeter meter = AllocationMeter.start();
    sink = new byte[1 << 20];
    long bytes = meter.bytes();
    assertTrue(bytes >= 1 << 20 && bytes < 2 << 20, "1 MiB and a little bookkeeping, got " + bytes);
  }

  @Test
  void countsAnotherThreadAliveAtTheStart() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch allocated = new CountDownLatch(1);
    CountDownLatch read = new CountDownLatch(1);
    Thread worker = new Thread(() -> {
      try {
        started.countDown();
        go.await();
        sink = new byte[4 << 20];
        allocated.countDown();
        read.await(); // alive while the meter reads it: an ended thread counts 0
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    worker.start();
    started.await();
    AllocationMeter meter = AllocationMeter.start();
    go.countDown();
    allocated.await();
    long bytes = meter.bytes();
    read.countDown();
    worker.join();
    assertTrue(bytes >= 4 << 20, "the other thread's 4 MiB, got " + bytes);
  }
}
