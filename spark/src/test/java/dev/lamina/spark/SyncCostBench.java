// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.activations.Activations;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Input;
import dev.lamina.losses.Losses;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Model;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * What one synchronisation costs against a local step, for a 1 MB model (784-256-128-10 with
 * batch normalisation, Adam; about 235k parameters) on synthetic data: per Spark job, its wall
 * time, the tasks' run and deserialisation times, the result bytes fetched, and the state
 * broadcast. Not a test: a command, whose numbers mean something only on an otherwise idle machine.
 *
 * <pre>
 * mvn -q -pl spark -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java --add-modules=jdk.incubator.vector --add-opens=java.base/sun.nio.ch=ALL-UNNAMED ... \
 *   -cp "$(cat /tmp/cp.txt):spark/target/classes:spark/target/test-classes" dev.lamina.spark.SyncCostBench [master]
 * </pre>
 */
public final class SyncCostBench {
  private SyncCostBench() {}

  static Sequential model() {
    Sequential m = Sequential.of(1, Input.of(784), Dense.builder(256).activation(Activations.RELU),
        new BatchNormalization.Spec(), Dense.builder(128).activation(Activations.RELU),
        Dense.builder(10).activation(Activations.SOFTMAX));
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().build());
    return m;
  }

  /** Job and task times as Spark's listener bus reports them. */
  static final class Costs extends SparkListener {
    final AtomicLong jobs = new AtomicLong();
    final AtomicLong jobNanos = new AtomicLong();
    final AtomicLong tasks = new AtomicLong();
    final AtomicLong runMillis = new AtomicLong();
    final AtomicLong deserializeMillis = new AtomicLong();
    final AtomicLong resultBytes = new AtomicLong();
    private volatile long jobStart;

    @Override
    public void onJobStart(SparkListenerJobStart start) {
      jobStart = start.time();
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd end) {
      jobs.incrementAndGet();
      jobNanos.addAndGet((end.time() - jobStart) * 1_000_000);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      TaskMetrics m = end.taskMetrics();
      if (m != null) {
        tasks.incrementAndGet();
        runMillis.addAndGet(m.executorRunTime());
        deserializeMillis.addAndGet(m.executorDeserializeTime());
        resultBytes.addAndGet(m.resultSize());
      }
    }

    void reset() {
      for (AtomicLong a : new AtomicLong[] {jobs, jobNanos, tasks, runMillis, deserializeMillis, resultBytes}) {
        a.set(0);
      }
    }
  }

  public static void main(String[] args) {
    String master = args.length > 0 ? args[0] : "local[2]";
    int samples = 8192;
    SplittableRandom r = new SplittableRandom(1);
    float[] x = new float[samples * 784];
    float[] y = new float[samples];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextDouble();
    }
    for (int i = 0; i < samples; i++) {
      y[i] = r.nextInt(10);
    }
    Tensor xs = Tensor.of(x, samples, 784);
    Tensor ys = Tensor.of(y, samples);
    FitOptions options = FitOptions.defaults().epochs(1).batchSize(32).seed(1).verbose(false).threads(1);

    Model single = model();
    single.fit(xs, ys, options); // warm-up
    long t0 = System.nanoTime();
    single.fit(xs, ys, options);
    double stepMillis = (System.nanoTime() - t0) / 1e6 / (samples / 32.0);
    System.out.printf(Locale.ROOT, "state: %d bytes; one local step (batch 32, 1 thread): %.2f ms%n",
        single.checkpoint(0).length, stepMillis);

    JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster(master).setAppName("SyncCostBench")
        .set("spark.ui.enabled", "false"));
    sc.setLogLevel("WARN");
    Costs costs = new Costs();
    sc.sc().addSparkListener(costs);
    try {
      System.out.println("workers  K  syncs  ms/sync  task-run-ms  task-deser-ms  result-KB/task  steps-ms/sync");
      for (int workers : new int[] {1, 2}) {
        for (int k : new int[] {1, 10, 100}) {
          SparkTrainer trainer = SparkTrainer.of(sc).workers(workers).stepsPerSync(k);
          trainer.fit(model(), SyncCostBench::model, TrainingData.arrays(xs, ys), options); // warm-up
          costs.reset();
          trainer.fit(model(), SyncCostBench::model, TrainingData.arrays(xs, ys), options);
          long jobs = Math.max(costs.jobs.get(), 1);
          long tasks = Math.max(costs.tasks.get(), 1);
          System.out.printf(Locale.ROOT, "%7d %3d %6d %8.1f %12.1f %14.1f %15.1f %14.1f%n", workers, k, jobs,
              costs.jobNanos.get() / 1e6 / jobs, (double) costs.runMillis.get() / tasks,
              (double) costs.deserializeMillis.get() / tasks, costs.resultBytes.get() / 1024.0 / tasks, k * stepMillis);
        }
      }
    } finally {
      sc.stop();
    }
  }
}
