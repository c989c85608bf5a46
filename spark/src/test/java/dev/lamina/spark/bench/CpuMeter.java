// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * How much CPU other work took while the benchmark measured: the machine's busy time
 * ({@code /proc/stat}: user, nice, system, irq, softirq and the hypervisor's steal) less this JVM's
 * and its descendants' ({@code /proc/<pid>/stat}: the executor JVMs of {@code local-cluster} are
 * children of the driver), in cores on average. A load average cannot tell the benchmark's own
 * threads from others' and lags by a minute; this can, for the interval measured. Linux only:
 * elsewhere every figure is NaN.
 */
final class CpuMeter {
  /** Clock ticks: busy and total of the machine (all cores), and of this process tree. */
  record Sample(long busy, long total, long own) {}

  private CpuMeter() {}

  /** Now, or null where /proc cannot be read. */
  static Sample sample() {
    try {
      String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
      long own = Stream.concat(Stream.of(ProcessHandle.current()), ProcessHandle.current().descendants())
          .mapToLong(CpuMeter::ticks).sum();
      long[] machine = machine(cpu);
      return new Sample(machine[0], machine[1], own);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The cores other processes kept busy on average between {@code a} and {@code b} (NaN without samples). */
  static double others(Sample a, Sample b, int cores) {
    if (a == null || b == null || b.total() <= a.total()) {
      return Double.NaN;
    }
    long others = (b.busy() - a.busy()) - (b.own() - a.own());
    return Math.max(0, others) * (double) cores / (b.total() - a.total());
  }

  /**
   * Waits until other work keeps less than {@code cores} cores busy over a second, or
   * {@code maxMillis} have passed; returns the last second's figure.
   */
  static double awaitQuiet(double quiet, long maxMillis) {
    int n = Runtime.getRuntime().availableProcessors();
    long deadline = System.currentTimeMillis() + maxMillis;
    while (true) {
      Sample a = sample();
      sleep(1000);
      double others = others(a, sample(), n);
      if (!(others >= quiet) || System.currentTimeMillis() >= deadline) { // NaN: nothing to wait for
        return others;
      }
    }
  }

  /**
   * The first line of /proc/stat ({@code cpu user nice system idle iowait irq softirq steal ...})
   * as {busy, total} ticks: busy holds user, nice, system, irq, softirq and steal; total adds idle
   * and iowait. Guest time is inside user already.
   */
  static long[] machine(String line) {
    String[] f = line.trim().split("\\s+");
    if (!f[0].equals("cpu") || f.length < 9) {
      throw new IllegalArgumentException("not the first line of /proc/stat: " + line);
    }
    long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
        + Long.parseLong(f[7]) + Long.parseLong(f[8]);
    return new long[] {busy, busy + Long.parseLong(f[4]) + Long.parseLong(f[5])};
  }

  /**
   * The user and system ticks of a /proc/[pid]/stat line: fields 14 and 15, counted after the
   * command name, which is in parentheses and may hold spaces and parentheses itself.
   */
  static long ticks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static long ticks(ProcessHandle p) {
    try {
      return ticks(Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat")));
    } catch (IOException | RuntimeException e) {
      return 0; // it ended meanwhile
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
