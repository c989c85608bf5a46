// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Objects with buffers of their own (executors, predictors), lent to one thread at a time and kept
 * for the next borrower: the pool makes a new one only when every one it has is lent, so it grows
 * to the most borrowers there ever were at once and then allocates nothing, however many threads
 * share it. A fixed cap would not do: with more threads than the cap, every call beyond it made a
 * new object and threw it away (16 threads predicting batches of 32 on a cap of 4: 104 KB
 * allocated per call instead of 1.7 KB). The memory kept is what the busiest moment needed.
 *
 * <p>Lock-free: a borrower counts itself in, makes a new object if there are more borrowers than
 * objects, and otherwise claims a free one by a compare-and-set (one is free, or about to be
 * appended, since there are at least as many objects as borrowers); new entries are appended to a
 * copy of the array (rare: only while the pool grows). So the pool holds exactly the most
 * borrowers there were at once.
 */
final class Pool<T> {
  private final Supplier<T> factory;
  private final Consumer<T> reset;
  @SuppressWarnings("unchecked")
  private volatile Lease<T>[] entries = new Lease[0];
  /** Threads borrowing or holding an object. */
  private final AtomicInteger busy = new AtomicInteger();
  /** Objects made or being made: at least {@link #busy} (a borrower that finds fewer makes one). */
  private final AtomicInteger made = new AtomicInteger();

  /** @param reset what to do to an object when it comes back (forget the caller's data) */
  Pool(Supplier<T> factory, Consumer<T> reset) {
    this.factory = factory;
    this.reset = reset;
  }

  /** A free object, or a new one if all are lent; close the lease to give it back. */
  Lease<T> borrow() {
    int borrowers = busy.incrementAndGet();
    int count = made.get();
    while (borrowers > count) {
      if (made.compareAndSet(count, count + 1)) {
        try {
          return add(new Lease<>(factory.get(), this));
        } catch (RuntimeException | Error e) {
          made.decrementAndGet();
          busy.decrementAndGet();
          throw e;
        }
      }
      count = made.get();
    }
    // Start where this thread's id points, so that threads do not all race for the first entry.
    long id = Thread.currentThread().getId();
    while (true) {
      Lease<T>[] all = entries;
      int n = all.length;
      for (int k = 0; k < n; k++) {
        Lease<T> e = all[(int) ((id + k) % n)];
        if (e.free.get() && e.free.compareAndSet(true, false)) {
          return e;
        }
      }
      Thread.onSpinWait(); // one is being given back, or appended by the thread that made it
    }
  }

  private synchronized Lease<T> add(Lease<T> lease) {
    Lease<T>[] grown = Arrays.copyOf(entries, entries.length + 1);
    grown[grown.length - 1] = lease;
    entries = grown;
    return lease;
  }

  /** The number of objects made so far: the most that were lent at once. */
  int size() {
    return entries.length;
  }

  /** One object of the pool, lent to the caller until {@link #close()}. */
  static final class Lease<T> implements AutoCloseable {
    private final T item;
    private final Pool<T> pool;
    private final AtomicBoolean free = new AtomicBoolean(false);

    private Lease(T item, Pool<T> pool) {
      this.item = item;
      this.pool = pool;
    }

    T item() {
      return item;
    }

    /** Gives the object back, reset. */
    @Override
    public void close() {
      pool.reset.accept(item);
      free.set(true);
      pool.busy.decrementAndGet();
    }
  }
}
