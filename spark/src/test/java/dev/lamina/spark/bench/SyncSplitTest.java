// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.spark.SyncEnd;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyncSplitTest {
  private static final double EPS = 1e-9;

  /** 5 ms broadcast, a 100 ms job on the driver's clock, 7 ms averaging; a 1,000-byte state. */
  private static final SyncEnd SYNC = new SyncEnd(0, 10, 10, 2, 640, 1000, 2000, 5_000_000, 100_000_000, 7_000_000);

  private static JobTimeline.TaskTimes task(String executor, boolean ok, long launch, long gettingResult, long finish,
      long run, long serialization, long bytes) {
    return new JobTimeline.TaskTimes(executor, ok, launch, gettingResult, finish, 3, run, serialization, bytes);
  }

  @Test
  void splitsTheJobAlongTheTaskThatFinishedLastAndAddsUpToTheDriversTime() {
    // Job 1000..1090 ms. Task b finishes last: run 50, result serialised in 3 and fetched from
    // 1070 to 1085 (an indirect result). Task a's direct result and the failed attempt do not count.
    JobTimeline.JobTimes job = new JobTimeline.JobTimes(7, 1000, 1090, List.of(
        task("0", true, 1010, 0, 1060, 40, 2, 500),
        task("1", false, 1011, 0, 1030, 15, 0, 0),
        task("1", true, 1012, 1070, 1085, 50, 3, 600)));
    SyncSplit s = SyncSplit.of(SYNC, job);
    assertEquals(10, s.steps(), EPS);
    assertEquals(5, s.broadcastMs(), EPS);
    assertEquals(50, s.taskRunMs(), EPS);
    assertEquals(3 + 15, s.resultFetchMs(), EPS);
    assertEquals(90 - 50 - 18, s.schedulingMs(), EPS);
    assertEquals(7, s.averagingMs(), EPS);
    assertEquals(100 - 90, s.otherMs(), EPS, "the driver's job time outside the listener's span");
    assertEquals(112, s.syncMs(), EPS);
    assertEquals(s.syncMs(), s.broadcastMs() + s.schedulingMs() + s.taskRunMs() + s.resultFetchMs() + s.averagingMs()
        + s.otherMs(), EPS);
    assertEquals(2 * 1000, s.broadcastBytes(), "each of the two executors fetched the state");
    assertEquals(1100, s.resultBytes(), "the successful attempts' results");
  }

  @Test
  void aDirectResultHasNoFetchButItsSerialisationAndOneExecutorFetchesTheStateOnce() {
    JobTimeline.JobTimes job = new JobTimeline.JobTimes(1, 0, 60, List.of(
        task("3", true, 5, 0, 40, 20, 1, 100), task("3", true, 41, 0, 58, 12, 2, 100)));
    SyncSplit s = SyncSplit.of(SYNC, job);
    assertEquals(12, s.taskRunMs(), EPS, "the second task finished last");
    assertEquals(2, s.resultFetchMs(), EPS);
    assertEquals(60 - 12 - 2, s.schedulingMs(), EPS, "waiting for the first task counts as scheduling");
    assertEquals(1000, s.broadcastBytes());
  }

  @Test
  void millisecondTicksNeverMakeSchedulingNegative() {
    JobTimeline.JobTimes job = new JobTimeline.JobTimes(1, 0, 30, List.of(task("0", true, 0, 0, 30, 30, 1, 1)));
    SyncSplit s = SyncSplit.of(SYNC, job);
    assertEquals(0, s.schedulingMs(), EPS);
    assertEquals(100 - 31, s.otherMs(), EPS);
  }

  @Test
  void aJobWithoutASuccessfulTaskIsAnError() {
    JobTimeline.JobTimes job = new JobTimeline.JobTimes(4, 0, 30, List.of(task("0", false, 0, 0, 30, 30, 1, 1)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SyncSplit.of(SYNC, job));
    assertEquals("job 4 has no successful task", e.getMessage());
  }

  @Test
  void theMeanAveragesEveryPart() {
    SyncSplit a = new SyncSplit(100, 10, 1, 2, 3, 4, 5, -5, 1000, 3000);
    SyncSplit b = new SyncSplit(35, 20, 3, 4, 5, 6, 7, -5, 2000, 4001);
    assertEquals(new SyncSplit(67.5, 15, 2, 3, 4, 5, 6, -5, 1500, 3501), SyncSplit.mean(List.of(a, b)));
    assertThrows(IllegalArgumentException.class, () -> SyncSplit.mean(List.of()));
  }
}
