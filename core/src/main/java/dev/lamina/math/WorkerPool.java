// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The threads that share Lamina's heavy work (matrix products, large element-wise passes): the
 * calling thread plus {@code threads − 1} daemon workers.
 *
 * <p>{@link #run} hands the parts of one task to all threads at once; the threads, the caller
 * first, claim parts one by one until none is left, and the caller returns when all are done. The
 * products of a training step take 10–100 µs, too short for an executor hand-off, so an idle
 * worker first spins for {@value #SPIN_NANOS} ns watching for the next task and only then parks;
 * the caller spins while it waits. Spinners yield the core every {@value #YIELD_EVERY} spins, so
 * that other load on the machine does not leave a part waiting for a spinning thread's time slice
 * to end. On a machine busy with other work, more threads than free cores make training slower,
 * as with any spinning pool (OpenMP's too). A task splits its work by {@code (part, parts)}
 * alone, never by timing or by which thread runs a part, so results do not depend on scheduling;
 * Lamina's kernels split along output rows or columns, or ranges of weights, which makes them
 * bit-identical for every thread count.
 *
 * <p>The pool in use is scoped to the calling thread: {@code fit} and {@code predict} run their
 * work inside {@link #call}, and the kernels ask {@link #current()}. Outside such a scope it is
 * the single-thread pool, which runs tasks inline. Pools are shared per thread count and live
 * as long as the JVM; two threads may use the same pool, then one of them runs its task inline.
 */
public final class WorkerPool {
  /**
   * How long an idle worker spins before parking. Waking a parked thread took 30–60 µs on this
   * project's 2-vCPU machines (the idle vCPU halts), so a worker spins across the gaps inside a
   * training step (2-thread W2 training, measured: 1 ms with {@link #YIELD_EVERY} 134k samples/s;
   * 200 µs, yielding every 64 spins, 126k; spinning 2 or 20 ms changed nothing more).
   */
  static final long SPIN_NANOS = 1_000_000;
  /**
   * Spinners offer their core to other threads once every this many spins (~40 µs): beside a busy
   * process, 2-thread W2 training ran at 49k samples/s without yielding, 62k with it (a 1-thread
   * run is faster there: ~100k); on an idle machine yielding every 64 spins cost 6%, every 1024
   * nothing measurable.
   */
  static final int YIELD_EVERY = 1024;

  /**
   * The default thread count of {@code fit} and {@code predict}: every available processor, as
   * PyTorch's intra-op pool and TensorFlow's default.
   */
  public static final int DEFAULT_THREADS = Runtime.getRuntime().availableProcessors();

  private static final WorkerPool SINGLE = new WorkerPool(1);
  private static final ConcurrentHashMap<Integer, WorkerPool> SHARED = new ConcurrentHashMap<>();
  private static final ThreadLocal<WorkerPool> CURRENT = ThreadLocal.withInitial(() -> SINGLE);

  /** Work split into {@code parts} pieces; {@code run(part, parts)} does piece {@code part}. */
  @FunctionalInterface
  public interface Task {
    void run(int part, int parts);
  }

  private final int threads;
  private final Worker[] workers;
  private final ReentrantLock lock = new ReentrantLock();
  /**
   * The claims on the current run's parts: its generation in the high 32 bits, the next unclaimed
   * part in the low 32. A thread claims a part by a compare-and-set that checks both, so a thread
   * that wakes up late can never claim a part of a later run.
   */
  private final AtomicLong claims = new AtomicLong();
  /** Parts of the current run that are finished. */
  private final AtomicInteger done = new AtomicInteger();
  // Volatile, so that the memory model keeps them after the claims are closed (see run): a worker
  // that reads a new task or part count then reads the new claims too, on any processor.
  private volatile Task task;
  private volatile int parts;
  private volatile int generation;
  private volatile Throwable failure;

  private WorkerPool(int threads) {
    this.threads = threads;
    this.workers = new Worker[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(i + 1);
      workers[i].start();
    }
  }

  /**
   * The shared pool of {@code threads} threads (the caller and {@code threads − 1} workers).
   *
   * @throws IllegalArgumentException if threads &lt; 1
   */
  public static WorkerPool of(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, but was " + threads);
    }
    return threads == 1 ? SINGLE : SHARED.computeIfAbsent(threads, WorkerPool::new);
  }

  /** The pool in scope on the calling thread: the one of the enclosing {@link #call}, else one thread. */
  public static WorkerPool current() {
    return CURRENT.get();
  }

  /** The number of threads, the caller included. */
  public int threads() {
    return threads;
  }

  /** Runs {@code body} with this pool as {@link #current()} on the calling thread, and returns its result. */
  public <T> T call(Supplier<T> body) {
    WorkerPool outer = CURRENT.get();
    CURRENT.set(this);
    try {
      return body.get();
    } finally {
      CURRENT.set(outer);
    }
  }

  /** {@link #run(Task, int)} with one part per thread. */
  public void run(Task task) {
    run(task, threads);
  }

  /**
   * {@link #run(Task, int)} with one part per thread when {@code split} is true; otherwise the
   * whole task runs inline as a single part ({@code run(0, 1)}): for work too small to be worth a
   * hand-off.
   */
  public void run(Task task, boolean split) {
    run(task, split ? threads : 1);
  }

  /**
   * Runs {@code task.run(part, parts)} for every part and returns when all are done. The threads
   * of the pool, the caller first, claim the parts one at a time until none is left, so a thread
   * that starts late (descheduled, or still waking up) takes fewer parts instead of holding the
   * others up; which thread runs a part never changes what the part computes. With one part or one
   * thread, or if another thread is using the pool, or a task runs a task, the parts run one after
   * another inline. An exception thrown by a part is rethrown here: inline, it stops the parts
   * after it; on the pool the other parts still run, and a checked exception arrives wrapped in an
   * IllegalStateException.
   *
   * @throws IllegalArgumentException if parts &lt; 1
   */
  public void run(Task task, int parts) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be >= 1, but was " + parts);
    }
    if (threads == 1 || parts == 1 || lock.isHeldByCurrentThread() || !lock.tryLock()) {
      for (int part = 0; part < parts; part++) {
        task.run(part, parts);
      }
      return;
    }
    try {
      int gen = generation + 1;
      // Claims first: a worker still in the previous run fails its generation check from here on,
      // whichever task and part count it reads next (it read the previous run's generation).
      claims.set((long) gen << 32);
      this.task = task;
      this.parts = parts;
      done.set(0);
      generation = gen; // publishes task, parts and claims to the workers
      for (Worker w : workers) {
        if (w.parked) {
          LockSupport.unpark(w);
        }
      }
      work(gen);
      awaitParts(parts);
      this.task = null;
      Throwable t = failure;
      failure = null;
      if (t instanceof RuntimeException e) {
        throw e;
      } else if (t instanceof Error e) {
        throw e;
      } else if (t != null) {
        throw new IllegalStateException(t);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Claims and runs parts of run {@code gen} until none is left. The task and the part count read
   * first belong to {@code gen}: a later run publishes its own only after every part of this one
   * is finished, and then no claim of {@code gen} can succeed.
   */
  private void work(int gen) {
    Task t = task;
    int n = parts;
    while (true) {
      long c = claims.get();
      int part = (int) c;
      if ((int) (c >>> 32) != gen || part >= n) {
        return;
      }
      if (claims.compareAndSet(c, c + 1)) {
        try {
          t.run(part, n);
        } catch (Throwable e) {
          failure = e;
        }
        done.incrementAndGet();
      }
    }
  }

  /**
   * Spins until every part is finished, offering the core to other threads now and then
   * ({@link #YIELD_EVERY}): on a loaded machine a descheduled worker then gets to finish its part
   * instead of waiting for the spinning caller's time slice to end.
   */
  private void awaitParts(int parts) {
    for (int spins = 1; done.get() != parts; spins++) {
      if (spins % YIELD_EVERY != 0) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
  }

  private final class Worker extends Thread {
    volatile boolean parked;

    Worker(int number) {
      super("lamina-worker-" + number + "-of-" + threads);
      setDaemon(true);
    }

    @Override
    public void run() {
      int seen = 0;
      while (true) {
        seen = await(seen);
        work(seen);
      }
    }

    /** Spins, then parks, until the generation moves past {@code seen}; returns the new one. */
    private int await(int seen) {
      long parkAfter = System.nanoTime() + SPIN_NANOS;
      int spins = 0;
      while (generation == seen) {
        if (++spins % YIELD_EVERY != 0) {
          Thread.onSpinWait();
          continue;
        }
        if (System.nanoTime() < parkAfter) {
          Thread.yield(); // as awaitParts: let other threads have the core now and then
          continue;
        }
        parked = true; // then re-check: run() reads parked after bumping the generation
        if (generation == seen) {
          LockSupport.park(this);
          Thread.interrupted(); // a worker has no use for interrupts; a set flag would make park return at once
        }
        parked = false;
      }
      return generation;
    }
  }
}
