// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpuMeterTest {

  @Test
  void readsBusyAndTotalTicksFromProcStat() {
    // user nice system idle iowait irq softirq steal guest guest_nice
    long[] m = CpuMeter.machine("cpu  1561416 7 101212 189302 732 3 2519 837 50 0");
    long busy = 1561416 + 7 + 101212 + 3 + 2519 + 837;
    assertArrayEquals(new long[] {busy, busy + 189302 + 732}, m);
    assertThrows(IllegalArgumentException.class, () -> CpuMeter.machine("cpu0 1 2 3 4 5 6 7 8"));
  }

  @Test
  void readsUserAndSystemTicksAfterACommandNameWithSpacesAndParentheses() {
    String stat = "3739 (a (b) c) R 3733 3733 6409 0 -1 4194304 131 0 0 0 250 17 0 0 20 0 1 0 929868";
    assertEquals(250 + 17, CpuMeter.ticks(stat));
  }

  @Test
  void othersAreTheMachinesBusyTicksLessOursInCores() {
    CpuMeter.Sample a = new CpuMeter.Sample(1000, 5000, 300);
    // 400 ticks of 2 cores (200 each): 300 busy, of which 100 ours: 200 others' = 1 core.
    CpuMeter.Sample b = new CpuMeter.Sample(1300, 5400, 400);
    assertEquals(1.0, CpuMeter.others(a, b, 2), 1e-12);
    assertEquals(0, CpuMeter.others(a, new CpuMeter.Sample(1100, 5400, 450), 2), "ticks counted apart: never below 0");
    assertTrue(Double.isNaN(CpuMeter.others(null, b, 2)));
  }

  @Test
  void thisJvmsCpuTimeCountsAsOwn() {
    CpuMeter.Sample a = CpuMeter.sample();
    if (a == null) {
      return; // not Linux: every figure is NaN, as othersAreTheMachinesBusyTicksLessOursInCores checks
    }
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long until = threads.getCurrentThreadCpuTime() + 300_000_000L; // 300 ms of this thread's CPU
    double x = 0;
    while (threads.getCurrentThreadCpuTime() < until) {
      x += Math.sqrt(x + 1);
    }
    CpuMeter.Sample b = CpuMeter.sample();
    assertTrue(x > 0);
    // 300 ms is 30 ticks at Linux's 100 per second; sampled ticks may miss a few.
    assertTrue(b.own() - a.own() >= 25, "own ticks " + (b.own() - a.own()));
    assertTrue(b.busy() - a.busy() >= b.own() - a.own() - 2, "the machine was busy at least while we were");
  }
}
