// SPDX-License-Identifier: Apache-2.0

package dev.lamina.testing;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Counts what a fuzzed reader did with each file: accepted it, or threw which exception; keeps the
 * escapes (exceptions not allowed, errors) and the most bytes one file made the reader allocate,
 * against a bound derived from the file's size.
 */
public final class FuzzTally {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final Predicate<Throwable> allowed;
  private final long fixedBytes;
  private final long bytesPerFileByte;
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private final List<String> escapes = new ArrayList<>();
  private final long start = System.nanoTime();
  private long files;
  private long maxAllocated;
  private double maxRatio;
  private long maxHeapGrowth;
  private final long heapAtStart = usedHeap();

  /**
   * @param allowed the documented exceptions
   * @param fixedBytes, bytesPerFileByte the bound on the bytes allocated for one file:
   *     {@code fixedBytes + bytesPerFileByte × file size}
   */
  public FuzzTally(Predicate<Throwable> allowed, long fixedBytes, long bytesPerFileByte) {
    this.allowed = allowed;
    this.fixedBytes = fixedBytes;
    this.bytesPerFileByte = bytesPerFileByte;
  }

  /** Runs the reader on one file, counting what happened; {@code what} names it in the escapes. */
  public void run(String what, byte[] file, Runnable reader) {
    files++;
    long id = Thread.currentThread().getId();
    long before = THREADS.getThreadAllocatedBytes(id);
    String outcome;
    try {
      reader.run();
      outcome = "accepted";
    } catch (Throwable t) { // errors too: an OutOfMemoryError is an escape
      outcome = t.getClass().getSimpleName();
      if (!allowed.test(t)) {
        escapes.add(what + ": " + t + (t.getCause() != null ? " (cause " + t.getCause() + ")" : "") + " at "
            + (t.getStackTrace().length > 0 ? t.getStackTrace()[0] : "?"));
      }
    }
    long allocated = THREADS.getThreadAllocatedBytes(id) - before;
    maxAllocated = Math.max(maxAllocated, allocated);
    maxRatio = Math.max(maxRatio, (double) allocated / Math.max(1, file.length));
    if (allocated > fixedBytes + bytesPerFileByte * file.length) {
      escapes.add(what + ": allocated " + allocated + " bytes for a file of " + file.length);
    }
    if ((files & 63) == 0) {
      maxHeapGrowth = Math.max(maxHeapGrowth, usedHeap() - heapAtStart);
    }
    outcomes.merge(outcome, 1, Integer::sum);
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  public List<String> escapes() {
    return escapes;
  }

  public long files() {
    return files;
  }

  /** The figures: files, outcomes by exception type, the most bytes allocated for one file, heap growth, time. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%,d files in %.1f s: %s; at most %,d bytes allocated for one file (%.0f× its"
        + " size); used heap grew by at most %,d bytes; %d escapes", files, (System.nanoTime() - start) / 1e9,
        outcomes, maxAllocated, maxRatio, maxHeapGrowth, escapes.size());
  }
}
