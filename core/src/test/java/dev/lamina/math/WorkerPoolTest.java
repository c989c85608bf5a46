// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

  @Test
  void everyPartRunsOnceAndEveryThreadCanClaimParts() {
    WorkerPool pool = WorkerPool.of(3);
    Set<Thread> seen = ConcurrentHashMap.newKeySet();
    for (int round = 0; round < 1000; round++) {
      AtomicIntegerArray runs = new AtomicIntegerArray(7);
      pool.run((part, parts) -> {
        assertEquals(7, parts);
        runs.incrementAndGet(part);
        seen.add(Thread.currentThread());
        for (long end = System.nanoTime() + 10_000; System.nanoTime() < end; ) {
          Thread.onSpinWait(); // long enough for the workers to wake up and claim parts too
        }
      }, 7);
      assertEquals("[1, 1, 1, 1, 1, 1, 1]", runs.toString());
    }
    assertEquals(3, seen.size(), "threads that ran parts: " + seen);
  }

  @Test
  void aSlowThreadTakesFewerPartsInsteadOfHoldingTheOthersUp() {
    WorkerPool pool = WorkerPool.of(2);
    Thread caller = Thread.currentThread();
    AtomicInteger byWorker = new AtomicInteger();
    AtomicInteger total = new AtomicInteger();
    pool.run((part, parts) -> {
      total.incrementAndGet();
      if (Thread.currentThread() != caller) {
        byWorker.incrementAndGet();
        LockSupport.parkNanos(200_000_000); // the worker stalls on its first part
      }
    }, 16);
    assertEquals(16, total.get());
    assertTrue(byWorker.get() <= 1, "the stalled worker ran " + byWorker.get() + " parts");
  }

  @Test
  void rejectsZeroParts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WorkerPool.of(2).run((part, parts) -> { }, 0));
    assertEquals("parts must be >= 1, but was 0", e.getMessage());
  }

  @Test
  void wakesParkedWorkers() throws InterruptedException {
    WorkerPool pool = WorkerPool.of(2);
    int[] out = new int[2];
    for (int round = 0; round < 3; round++) {
      Thread.sleep(WorkerPool.SPIN_NANOS / 1_000_000 + 20); // long enough for the worker to park
      pool.run((part, parts) -> out[part] += part + 1);
    }
    assertArrayEquals(new int[] {3, 6}, out);
  }

  @Test
  void workNotWorthSplittingRunsInlineAsOnePart() {
    int[] parts = new int[1];
    Thread[] seen = new Thread[1];
    WorkerPool.of(2).run((part, n) -> {
      parts[0] = n;
      seen[0] = Thread.currentThread();
    }, false);
    assertEquals(1, parts[0]);
    assertSame(Thread.currentThread(), seen[0]);
  }

  @Test
  void singleThreadRunsInline() {
    Thread[] seen = new Thread[1];
    WorkerPool.of(1).run((part, parts) -> seen[part] = Thread.currentThread());
    assertSame(Thread.currentThread(), seen[0]);
  }

  @Test
  void aFailingPartIsRethrownAndThePoolStillWorks() {
    WorkerPool pool = WorkerPool.of(2);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run((part, parts) -> {
      if (part == 1) {
        throw new IllegalStateException("part " + part + " failed");
      }
    }));
    assertEquals("part 1 failed", e.getMessage());
    int[] out = new int[2];
    pool.run((part, parts) -> out[part] = 7);
    assertArrayEquals(new int[] {7, 7}, out);
  }

  @Test
  void nestedRunsExecuteInline() {
    WorkerPool pool = WorkerPool.of(2);
    AtomicIntegerArray inner = new AtomicIntegerArray(4);
    pool.run((part, parts) -> pool.call(() -> {
      pool.run((p, n) -> inner.incrementAndGet(part * 2 + p));
      return null;
    }));
    assertEquals("[1, 1, 1, 1]", inner.toString());
  }

  @Test
  void currentIsScopedToCall() {
    WorkerPool two = WorkerPool.of(2);
    assertEquals(1, WorkerPool.current().threads());
    int inside = two.call(() -> WorkerPool.current().threads());
    assertEquals(2, inside);
    assertEquals(1, WorkerPool.current().threads());
    assertSame(two, WorkerPool.of(2));
    assertNotEquals(two, WorkerPool.of(3));
  }

  @Test
  void twoCallersShareAPool() throws InterruptedException {
    WorkerPool pool = WorkerPool.of(2);
    long[] sums = new long[2];
    Thread[] callers = new Thread[2];
    for (int c = 0; c < 2; c++) {
      int caller = c;
      callers[c] = new Thread(() -> {
        for (int i = 0; i < 2000; i++) {
          long[] parts = new long[2];
          pool.run((part, n) -> parts[part] = part + 1);
          sums[caller] += parts[0] + parts[1];
        }
      });
      callers[c].start();
    }
    for (Thread t : callers) {
      t.join();
    }
    assertArrayEquals(new long[] {6000, 6000}, sums);
  }

  @Test
  void rejectsZeroThreads() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkerPool.of(0));
    assertEquals("threads must be >= 1, but was 0", e.getMessage());
  }

  @Test
  void anInterruptedWorkerParksAgainInsteadOfSpinning() throws InterruptedException {
    WorkerPool pool = WorkerPool.of(7); // a size no other test uses: its workers are this test's alone
    pool.run((part, parts) -> { });
    Thread worker = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("lamina-worker-1-of-7")).findFirst().orElseThrow();
    worker.interrupt();
    pool.run((part, parts) -> { });
    // One reading of the state per check: a worker seen parked may wake an instant later (park may
    // return spuriously), and a second reading then saw it running (failed once in CI on a busy machine).
    long deadline = System.nanoTime() + 5_000_000_000L;
    Thread.State state = worker.getState();
    while (state != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.sleep(10);
      state = worker.getState();
    }
    assertEquals(Thread.State.WAITING, state, "an interrupt flag left set made park return at once");
  }

  @Test
  void partsRunOnceEachWhenTheirCountChangesFromRunToRun() {
    WorkerPool pool = WorkerPool.of(3);
    for (int run = 0; run < 20_000; run++) {
      int parts = 1 + run % 7;
      java.util.concurrent.atomic.AtomicIntegerArray ran = new java.util.concurrent.atomic.AtomicIntegerArray(parts);
      pool.run((part, n) -> ran.incrementAndGet(part), parts);
      for (int p = 0; p < parts; p++) {
        assertEquals(1, ran.get(p), "run " + run + ", part " + p + " of " + parts);
      }
    }
  }
}
