// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PoolTest {

  @Test
  void reusesWhatCameBackAndGrowsOnlyWhenAllAreLent() {
    AtomicInteger made = new AtomicInteger();
    List<int[]> reset = new ArrayList<>();
    Pool<int[]> pool = new Pool<>(() -> new int[] {made.incrementAndGet()}, reset::add);
    Pool.Lease<int[]> a = pool.borrow();
    Pool.Lease<int[]> b = pool.borrow();
    assertNotSame(a.item(), b.item(), "two lent at once are two objects");
    assertEquals(2, pool.size());
    int[] first = a.item();
    a.close();
    assertSame(first, reset.get(0), "given back reset");
    Pool.Lease<int[]> c = pool.borrow();
    assertSame(first, c.item(), "the free one is lent again");
    assertEquals(2, made.get(), "nothing new while one is free");
    c.close();
    b.close();
    for (int i = 0; i < 100; i++) {
      try (Pool.Lease<int[]> d = pool.borrow()) {
        assertTrue(d.item()[0] <= 2);
      }
    }
    assertEquals(2, pool.size());
  }

  /** 8 threads borrowing at once, many times: never the same object twice at once, and 8 made at most. */
  @Test
  void neverLendsOneObjectToTwoThreads() throws Exception {
    int threads = 8;
    Pool<Object> pool = new Pool<>(Object::new, o -> { });
    Set<Object> lent = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
    AtomicInteger clashes = new AtomicInteger();
    ExecutorService service = Executors.newFixedThreadPool(threads);
    try {
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(service.submit(() -> {
          start.await(30, TimeUnit.SECONDS);
          for (int i = 0; i < 20_000; i++) {
            try (Pool.Lease<Object> lease = pool.borrow()) {
              if (!lent.add(lease.item())) {
                clashes.incrementAndGet();
              }
              Thread.onSpinWait();
              lent.remove(lease.item());
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      service.shutdownNow();
    }
    assertEquals(0, clashes.get(), "an object lent to two threads at once");
    assertTrue(pool.size() >= 1 && pool.size() <= threads, "made " + pool.size());
  }
}
