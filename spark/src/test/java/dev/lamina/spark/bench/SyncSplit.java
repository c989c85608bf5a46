// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import dev.lamina.spark.SyncEnd;
import java.util.List;

/**
 * Where the time of one synchronisation goes, in milliseconds, from the driver's view
 * ({@link SyncEnd}) and Spark's ({@link JobTimeline.JobTimes}); the parts add up to the whole.
 * The job is split along its critical path, the task that finished last:
 *
 * <ul>
 *   <li><b>broadcast</b>: the driver serialising the state and creating its broadcast;
 *   <li><b>scheduling</b>: the job's span (its start to its end on the listener bus) less that
 *       task's run and result fetch: submitting the stage, launching the task, deserialising it
 *       on the executor, status updates, ending the job;
 *   <li><b>task run</b>: that task's {@code executorRunTime}: fetching the state broadcast, loading
 *       it, K local steps, serialising the new state;
 *   <li><b>result fetch</b>: its result's serialisation on the executor and, for a result too big
 *       to come with the status update, the driver fetching it ({@code finishTime −
 *       gettingResultTime});
 *   <li><b>averaging</b>: the driver combining the results into its model;
 *   <li><b>other</b>: the rest of the driver's wall time of the job: creating the RDD and
 *       submitting it before the listener's job start, deserialising the results after its end.
 * </ul>
 *
 * <p>Bytes: the state broadcast counts once per executor that ran a task (each fetches it once);
 * the results count as Spark serialised them.
 *
 * @param steps the round's global steps (K, or fewer at an epoch's end; a mean: fractional)
 */
record SyncSplit(double steps, double syncMs, double broadcastMs, double schedulingMs, double taskRunMs,
    double resultFetchMs, double averagingMs, double otherMs, long broadcastBytes, long resultBytes) {

  static SyncSplit of(SyncEnd sync, JobTimeline.JobTimes job) {
    List<JobTimeline.TaskTimes> done = job.tasks().stream().filter(JobTimeline.TaskTimes::successful).toList();
    if (done.isEmpty()) {
      throw new IllegalArgumentException("job " + job.id() + " has no successful task");
    }
    JobTimeline.TaskTimes last = done.get(0);
    for (JobTimeline.TaskTimes t : done) {
      if (t.finish() > last.finish()) {
        last = t;
      }
    }
    double fetch = last.resultSerializationMillis() + (last.gettingResult() > 0 ? last.finish() - last.gettingResult() : 0);
    double run = last.runMillis();
    // Executor and driver clocks tick in whole milliseconds: a job a millisecond shorter than its
    // parts is scheduling of 0, not of −1.
    double scheduling = Math.max(0, (job.end() - job.start()) - run - fetch);
    double broadcast = sync.broadcastNanos() / 1e6;
    double averaging = sync.combineNanos() / 1e6;
    double other = sync.jobNanos() / 1e6 - scheduling - run - fetch;
    long executors = done.stream().map(JobTimeline.TaskTimes::executor).distinct().count();
    long results = done.stream().mapToLong(JobTimeline.TaskTimes::resultBytes).sum();
    return new SyncSplit(sync.steps(), sync.nanos() / 1e6, broadcast, scheduling, run, fetch, averaging, other,
        sync.stateBytes() * executors, results);
  }

  /** The mean of each part over {@code splits}. */
  static SyncSplit mean(List<SyncSplit> splits) {
    if (splits.isEmpty()) {
      throw new IllegalArgumentException("no synchronisations to average");
    }
    double[] sums = new double[10];
    for (SyncSplit s : splits) {
      double[] v = {s.steps, s.syncMs, s.broadcastMs, s.schedulingMs, s.taskRunMs, s.resultFetchMs, s.averagingMs,
          s.otherMs, s.broadcastBytes, s.resultBytes};
      for (int i = 0; i < sums.length; i++) {
        sums[i] += v[i];
      }
    }
    double n = splits.size();
    return new SyncSplit(sums[0] / n, sums[1] / n, sums[2] / n, sums[3] / n, sums[4] / n, sums[5] / n, sums[6] / n,
        sums[7] / n, Math.round(sums[8] / n), Math.round(sums[9] / n));
  }
}
