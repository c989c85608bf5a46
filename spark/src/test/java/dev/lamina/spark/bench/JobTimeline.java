// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.TaskInfo;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The jobs and tasks of a Spark context as its listener bus reports them, kept as plain records
 * (times in the driver's milliseconds) for {@link SyncSplit}. Spark delivers the events on its
 * own thread after the fact: {@link #take} waits for them.
 */
final class JobTimeline extends SparkListener {

  /**
   * One finished task attempt.
   *
   * @param launch when the driver launched it
   * @param gettingResult when the driver began fetching its result from the executor's block
   *     manager (results above {@code spark.task.maxDirectResultSize}, 1 MiB by default), or 0 when
   *     the result came with the status update
   * @param finish when the driver had its result
   * @param deserializeMillis the executor deserialising the task (its closure and broadcast handles)
   * @param runMillis the executor running it: here, fetching the state broadcast, loading it,
   *     the K local steps and serialising the new state
   * @param resultSerializationMillis the executor serialising the result
   * @param resultBytes the serialised result
   */
  record TaskTimes(String executor, boolean successful, long launch, long gettingResult, long finish,
      long deserializeMillis, long runMillis, long resultSerializationMillis, long resultBytes) {}

  /** One job: submitted at {@code start}, done at {@code end} (driver milliseconds). */
  record JobTimes(int id, long start, long end, List<TaskTimes> tasks) {}

  private final Map<Integer, Integer> jobOfStage = new HashMap<>();
  private final Map<Integer, Long> starts = new HashMap<>();
  private final Map<Integer, List<TaskTimes>> tasks = new HashMap<>();
  private final TreeMap<Integer, JobTimes> ended = new TreeMap<>();

  @Override
  public synchronized void onJobStart(SparkListenerJobStart start) {
    for (Object stage : CollectionConverters.asJava(start.stageIds())) {
      jobOfStage.put((Integer) stage, start.jobId());
    }
    starts.put(start.jobId(), start.time());
    tasks.put(start.jobId(), new ArrayList<>());
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    Integer job = jobOfStage.get(end.stageId());
    TaskInfo info = end.taskInfo();
    TaskMetrics m = end.taskMetrics();
    if (job == null || info == null || m == null) {
      return; // a job started before this listener, or a task that never ran
    }
    tasks.get(job).add(new TaskTimes(info.executorId(), info.successful(), info.launchTime(), info.gettingResultTime(),
        info.finishTime(), m.executorDeserializeTime(), m.executorRunTime(), m.resultSerializationTime(),
        m.resultSize()));
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd end) {
    Long start = starts.remove(end.jobId());
    if (start != null) {
      List<TaskTimes> t = tasks.remove(end.jobId());
      t.sort(Comparator.comparingLong(TaskTimes::finish));
      ended.put(end.jobId(), new JobTimes(end.jobId(), start, end.time(), List.copyOf(t)));
      notifyAll();
    }
  }

  /** Forgets the jobs ended so far. */
  synchronized void clear() {
    ended.clear();
  }

  /**
   * The first {@code count} jobs ended since the last {@link #clear}, in the order of their ids
   * (submission order), waiting up to {@code timeoutMillis} for the listener bus to deliver them.
   *
   * @throws IllegalStateException if fewer arrived in time
   */
  synchronized List<JobTimes> take(int count, long timeoutMillis) {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (ended.size() < count) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new IllegalStateException("the Spark listener saw " + ended.size() + " jobs end, expected " + count);
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for Spark's listener events", e);
      }
    }
    return List.copyOf(ended.values()).subList(0, count);
  }
}
