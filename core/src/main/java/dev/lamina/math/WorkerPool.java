package dev.lamina.math;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The threads that share Lamina's heavy work (matrix products, large element-wise passes): the
 * calling thread plus {@code threads − 1} daemon workers.
 *
 * <p>{@link #run} hands one task to every thread at once and waits for all of them. The products
 * of a training step take 10–100 µs, too short for an executor hand-off, so an idle worker first
 * spins for {@value #SPIN_NANOS} ns watching for the next task and only then parks; the caller
 * spins while it waits. Spinners yield the core every {@value #YIELD_EVERY} spins, so that other
 * load on the machine does not leave a part waiting for a spinning thread's time slice to end. On
 * a machine busy with other work, more threads than free cores make training slower, as with any
 * spinning pool (OpenMP's too). A task splits its work
 * by {@code (part, parts)} alone, never by timing, so results do not depend on scheduling;
 * Lamina's kernels split along output rows or columns, which makes them bit-identical for every
 * thread count.
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
  private final AtomicInteger remaining = new AtomicInteger();
  private volatile Task task;
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
   * @throws IllegalArgumentException if threads < 1
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

  /**
   * Runs {@code task.run(part, threads())} for every part at once, part 0 on the calling thread,
   * and returns when all are done. An exception thrown by a part is rethrown here. If another
   * thread is using the pool, or a task runs a task, the parts run one after another inline.
   */
  public void run(Task task) {
    if (threads == 1) {
      task.run(0, 1);
      return;
    }
    if (lock.isHeldByCurrentThread() || !lock.tryLock()) {
      for (int part = 0; part < threads; part++) {
        task.run(part, threads);
      }
      return;
    }
    try {
      this.task = task;
      remaining.set(workers.length);
      generation++; // publishes the task
      for (Worker w : workers) {
        if (w.parked) {
          LockSupport.unpark(w);
        }
      }
      Throwable own = null;
      try {
        task.run(0, threads);
      } catch (Throwable t) {
        own = t;
      }
      awaitWorkers();
      this.task = null;
      Throwable t = own != null ? own : failure;
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
   * {@link #run(Task)} when {@code split} is true; otherwise the whole task runs inline as a
   * single part ({@code run(0, 1)}): for work too small to be worth a hand-off.
   */
  public void run(Task task, boolean split) {
    if (split) {
      run(task);
    } else {
      task.run(0, 1);
    }
  }

  /**
   * Spins until every worker has finished its part, offering the core to other threads now and
   * then ({@link #YIELD_EVERY}): on a loaded machine a descheduled worker then gets to run instead
   * of waiting for the spinning caller's time slice to end.
   */
  private void awaitWorkers() {
    for (int spins = 1; remaining.get() != 0; spins++) {
      if (spins % YIELD_EVERY != 0) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
  }

  private final class Worker extends Thread {
    private final int part;
    volatile boolean parked;

    Worker(int part) {
      super("lamina-worker-" + part + "-of-" + threads);
      this.part = part;
      setDaemon(true);
    }

    @Override
    public void run() {
      int seen = 0;
      while (true) {
        seen = await(seen);
        try {
          task.run(part, threads);
        } catch (Throwable t) {
          failure = t;
        }
        remaining.decrementAndGet();
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
          Thread.yield(); // as awaitWorkers: let other threads have the core now and then
          continue;
        }
        parked = true; // then re-check: run() reads parked after bumping the generation
        if (generation == seen) {
          LockSupport.park(this);
        }
        parked = false;
      }
      return generation;
    }
  }
}
