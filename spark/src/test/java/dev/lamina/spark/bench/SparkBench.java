// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import dev.lamina.data.FashionMnist;
import dev.lamina.io.AtomicFiles;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Model;
import dev.lamina.spark.SparkTrainer;
import dev.lamina.spark.SyncEnd;
import dev.lamina.spark.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.launcher.JavaModuleOptions;
import org.jspecify.annotations.Nullable;

/**
 * The Spark benchmark of issue 16: Lamina's {@link SparkTrainer} in {@code local-cluster} (real
 * executor JVMs) against single-node {@code fit} with the same total threads, on the dense
 * reference workloads {@code bn} and {@code plain} (Fashion-MNIST). It measures
 *
 * <ul>
 *   <li>for 1 and 2 workers (one executor JVM of one core each), side by side: single-node training
 *       with as many threads (in the driver's JVM, the executors idle), its samples/s (median of
 *       epochs 2..N) and test accuracy at every quarter epoch; then for each K Spark's
 *       steady-state samples/s and the split of a synchronisation ({@link SyncSplit}), with its
 *       bytes;
 *   <li>for 2 workers and each K: a full training run, its test accuracy at every quarter epoch
 *       (at the first synchronisation after it) and the training time to reach the accuracy
 *       single-node training (2 threads) reaches after one epoch;
 * </ul>
 *
 * and writes the page ({@link SparkBenchPage}). Run it with {@code scripts/spark-bench}, which
 * builds the module and starts this class; it restarts itself in a JVM with Spark's
 * {@code --add-opens} options and a {@code SPARK_HOME} for {@code local-cluster}.
 *
 * <pre>
 * scripts/spark-bench [--quick] [--report docs/spark-performance.md] [--data DIR]
 *     [--workloads bn,plain] [--ks 1,10,100,1000]
 * </pre>
 */
public final class SparkBench {
  /** Set in the restarted JVM. */
  private static final String DRIVER = "lamina.spark.bench.driver";
  private static final String EXTRA_CLASS_PATH = "lamina.spark.bench.extraClassPath";
  /** Memory of each executor JVM: the 60,000 training images (188 MB as floats) and the model, with room. */
  private static final int EXECUTOR_MEGABYTES = 1536;
  /**
   * Other work below a fifth of a core counts as quiet; waiting at most 10 s before each of the
   * about 30 measurements keeps the run under 15 minutes on a busy machine.
   */
  private static final double QUIET_CORES = 0.2;
  private static final long QUIET_WAIT_MILLIS = 10_000;

  /**
   * How long each part runs. Full: the workloads' 3 epochs; throughput over at least 4
   * synchronisations and 5 s after 2 warm-up ones; a training run stops after 150 s of training
   * (bn with K = 1 trained 2.1 of its 3 epochs in 150 s on an idle machine). Quick: a smoke run of a
   * few minutes.
   */
  record Plan(int singleEpochs, int warmup, int measured, double minSeconds, int accuracyEpochs, double budgetSeconds,
      int pointsPerEpoch) {
    static final Plan FULL = new Plan(3, 2, 4, 5, DenseWorkload.EPOCHS, 150, 4);
    static final Plan QUICK = new Plan(2, 1, 2, 1, 1, 20, 4);
  }

  /** The command line. */
  record Options(@Nullable Path data, @Nullable Path report, boolean quick, List<DenseWorkload> workloads, int[] ks) {

    static Options parse(String[] args) {
      Path data = null;
      Path report = null;
      boolean quick = false;
      List<DenseWorkload> workloads = List.of(DenseWorkload.values());
      int[] ks = {1, 10, 100, 1000};
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--quick" -> quick = true;
          case "--data" -> data = Path.of(value(args, ++i, a));
          case "--report" -> report = Path.of(value(args, ++i, a));
          case "--workloads" -> workloads = Arrays.stream(value(args, ++i, a).split(",")).map(String::strip)
              .map(DenseWorkload::named).toList();
          case "--ks" -> ks = Arrays.stream(value(args, ++i, a).split(",")).map(String::strip)
              .mapToInt(s -> positive(s, a)).toArray();
          default -> throw new IllegalArgumentException("unknown option '" + a + "'; use --quick, --report FILE,"
              + " --data DIR, --workloads bn,plain, --ks 1,10,100,1000");
        }
      }
      return new Options(data, report, quick, workloads, ks);
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }

    private static int positive(String s, String option) {
      try {
        int k = Integer.parseInt(s);
        if (k >= 1) {
          return k;
        }
      } catch (NumberFormatException e) {
        // below
      }
      throw new IllegalArgumentException(option + ": '" + s + "' is not a whole number >= 1");
    }
  }

  private SparkBench() {}

  public static void main(String[] args) {
    Options o;
    Path data;
    try {
      o = Options.parse(args);
      data = FashionMnist.locate(o.data()).orElseThrow(() -> new IllegalArgumentException(
          "Fashion-MNIST not found: give --data DIR or set " + FashionMnist.ENVIRONMENT_VARIABLE));
    } catch (IllegalArgumentException e) {
      System.err.println("spark-bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (!Boolean.getBoolean(DRIVER)) {
      System.exit(restart(args));
    }
    long began = System.nanoTime();
    BenchRuns runs = run(o, data, String.join(" ", args), began);
    String page = SparkBenchPage.render(runs);
    if (o.report() != null) {
      try {
        AtomicFiles.write(o.report(), page.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        System.err.println("spark-bench: cannot write " + o.report() + ": " + e.getMessage());
        System.exit(1);
      }
      System.out.println("wrote " + o.report());
    } else {
      System.out.println(page);
    }
  }

  /**
   * Starts this class again in a JVM that can run a Spark driver: Spark's module options (its
   * launcher's list, which has the Vector API module too), and a SPARK_HOME for local-cluster next
   * to the compiled classes; returns its exit code.
   */
  private static int restart(String[] args) {
    String classPath = System.getProperty("java.class.path");
    Path home = buildDirectory().resolve("spark-bench-home");
    String extra = LocalClusterHome.prepare(home, classPath);
    Path logging = home.resolve("log4j2.properties");
    try {
      // Warnings only: Spark's default profile logs every job at INFO on the console.
      Files.writeString(logging, String.join("\n", "rootLogger.level = warn", "rootLogger.appenderRef.stderr.ref = console",
          "appender.console.type = Console", "appender.console.name = console", "appender.console.target = SYSTEM_ERR",
          "appender.console.layout.type = PatternLayout", "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n",
          "logger.hadoop.name = org.apache.hadoop.util.NativeCodeLoader", "logger.hadoop.level = error", ""));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + logging, e);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx3g");
    command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
    command.add("-Dlog4j2.configurationFile=" + logging);
    command.add("-D" + DRIVER + "=true");
    command.add("-D" + EXTRA_CLASS_PATH + "=" + extra);
    command.add("-cp");
    command.add(classPath);
    command.add(SparkBench.class.getName());
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1"); // the loopback address only
    try {
      return pb.start().waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the benchmark's driver JVM", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
  }

  /** spark/target: the parent of this class's class directory. */
  private static Path buildDirectory() {
    try {
      return Path.of(SparkBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BenchRuns run(Options o, Path folder, String command, long began) {
    Plan plan = o.quick() ? Plan.QUICK : Plan.FULL;
    FashionMnist data = FashionMnist.load(folder);
    TrainingData sparkData = TrainingData.idx(file(folder, "train-images-idx3-ubyte"),
        file(folder, "train-labels-idx1-ubyte"), 1f / 255);
    List<BenchRuns.Load> loads = new ArrayList<>();
    List<BenchRuns.SingleRun> single = new ArrayList<>();
    List<BenchRuns.ThroughputRun> throughput = new ArrayList<>();
    List<BenchRuns.AccuracyRun> accuracy = new ArrayList<>();

    String spark = "";
    for (int workers = 1; workers <= 2; workers++) {
      loads.add(new BenchRuns.Load(workers + " thread" + (workers > 1 ? "s" : "") + " / worker" + (workers > 1 ? "s" : ""),
          load()));
      JobTimeline timeline = new JobTimeline();
      JavaSparkContext sc = cluster(workers, timeline);
      try {
        spark = sc.version();
        for (DenseWorkload w : o.workloads()) {
          // Side by side: single-node fit with as many threads as Spark has workers (in this JVM,
          // the executors idle), then Spark, then single-node fit again.
          single.add(single(w, workers, false, data, plan));
          for (int k : o.ks()) {
            throughput.add(throughput(sc, timeline, w, workers, k, sparkData, plan));
          }
          single.add(single(w, workers, true, data, plan));
        }
        if (workers == 2) {
          loads.add(new BenchRuns.Load("training runs", load()));
          for (DenseWorkload w : o.workloads()) {
            for (int k : o.ks()) {
              accuracy.add(accuracy(sc, w, workers, k, sparkData, data, plan));
            }
          }
        }
      } finally {
        sc.stop();
      }
    }
    loads.add(new BenchRuns.Load("end", load()));
    String machine = String.format(Locale.ROOT, "%s, %d cores, Java %s, Spark %s", cpu(),
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), spark);
    return new BenchRuns(machine, command, o.quick(), loads, single, throughput, accuracy,
        (System.nanoTime() - began) / 60e9);
  }

  private static BenchRuns.SingleRun single(DenseWorkload w, int threads, boolean afterSpark, FashionMnist data,
      Plan plan) {
    awaitQuiet();
    CpuMeter.Sample cpu = CpuMeter.sample();
    Model model = w.factory().create();
    TrainingClock clock = new TrainingClock(data.testImages(), data.testLabels(), threads, plan.pointsPerEpoch(), 0);
    model.fit(data.trainImages(), data.trainLabels(), FitOptions.defaults().epochs(plan.singleEpochs())
        .batchSize(w.batch()).seed(DenseWorkload.SEED).threads(threads).verbose(false).callbacks(clock));
    double[] seconds = clock.epochSeconds();
    int n = data.trainImages().samples();
    double[] rates = Arrays.stream(seconds, seconds.length > 1 ? 1 : 0, seconds.length).map(s -> n / s).sorted()
        .toArray();
    double median = rates.length % 2 == 1 ? rates[rates.length / 2]
        : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
    double others = CpuMeter.others(cpu, CpuMeter.sample(), Runtime.getRuntime().availableProcessors());
    BenchRuns.SingleRun r = new BenchRuns.SingleRun(w, threads, afterSpark, others, median, clock.points());
    System.out.printf(Locale.ROOT, "single node %-5s %d thread(s)%s: %,.0f samples/s, test accuracy %.4f (others'"
        + " CPU %.2f cores)%n", w.id(), threads, afterSpark ? ", after Spark" : "", median, r.finalAccuracy(), others);
    return r;
  }

  private static BenchRuns.ThroughputRun throughput(JavaSparkContext sc, JobTimeline timeline, DenseWorkload w,
      int workers, int k, TrainingData data, Plan plan) {
    awaitQuiet();
    SyncClock clock = new SyncClock(plan.warmup(), plan.measured(), plan.minSeconds());
    timeline.clear();
    // Epochs enough for any K: the clock stops training once it has measured enough.
    SparkTrainer.of(sc).workers(workers).stepsPerSync(k).fit(w.factory().create(), w.factory(), data,
        FitOptions.defaults().epochs(1000).batchSize(w.batch()).seed(DenseWorkload.SEED).verbose(false)
            .callbacks(clock));
    List<SyncEnd> all = clock.all();
    List<JobTimeline.JobTimes> jobs = timeline.take(all.size(), 60_000);
    List<SyncSplit> splits = new ArrayList<>();
    for (int i = clock.firstMeasured(); i < all.size(); i++) {
      splits.add(SyncSplit.of(all.get(i), jobs.get(i)));
    }
    SyncSplit mean = SyncSplit.mean(splits);
    BenchRuns.ThroughputRun r = new BenchRuns.ThroughputRun(w, workers, k, clock.others(), splits.size(), clock.meanSteps(),
        clock.seconds(), clock.samplesPerSecond(), mean);
    System.out.printf(Locale.ROOT, "spark %-5s %d worker(s) K=%-4d (%.0f steps/sync): %,.0f samples/s over %d syncs;"
        + " per sync %.1f ms = broadcast %.1f + scheduling %.1f + task %.1f + fetch %.1f + averaging %.1f + other"
        + " %.1f; %,d + %,d bytes; others' CPU %.2f cores%n", w.id(), workers, k, r.meanSteps(), r.samplesPerSecond(),
        r.syncs(), mean.syncMs(), mean.broadcastMs(), mean.schedulingMs(), mean.taskRunMs(), mean.resultFetchMs(),
        mean.averagingMs(), mean.otherMs(), mean.broadcastBytes(), mean.resultBytes(), r.others());
    return r;
  }

  private static BenchRuns.AccuracyRun accuracy(JavaSparkContext sc, DenseWorkload w, int workers, int k,
      TrainingData data, FashionMnist test, Plan plan) {
    awaitQuiet();
    CpuMeter.Sample cpu = CpuMeter.sample();
    TrainingClock clock = new TrainingClock(test.testImages(), test.testLabels(), 2, plan.pointsPerEpoch(),
        plan.budgetSeconds());
    SparkTrainer.of(sc).workers(workers).stepsPerSync(k).fit(w.factory().create(), w.factory(), data,
        FitOptions.defaults().epochs(plan.accuracyEpochs()).batchSize(w.batch()).seed(DenseWorkload.SEED)
            .verbose(false).callbacks(clock));
    double others = CpuMeter.others(cpu, CpuMeter.sample(), Runtime.getRuntime().availableProcessors());
    BenchRuns.AccuracyRun r = new BenchRuns.AccuracyRun(w, workers, k, others, clock.points(), clock.stoppedByBudget());
    TrainingClock.Point last = r.trace().get(r.trace().size() - 1);
    System.out.printf(Locale.ROOT, "spark %-5s %d workers K=%-4d: test accuracy %.4f after %.2f epochs, %.1f s of"
        + " training%s%n", w.id(), workers, k, last.accuracy(), last.epochs(), last.seconds(),
        r.stoppedByBudget() ? " (time budget)" : "");
    return r;
  }

  /**
   * A {@code local-cluster} of {@code workers} executor JVMs of one core each (one worker each),
   * with {@code timeline} listening; waits until every executor has registered, so that the first
   * job does not run on the executors that happened to come up first.
   */
  private static JavaSparkContext cluster(int workers, JobTimeline timeline) {
    SparkConf conf = new SparkConf().setMaster("local-cluster[" + workers + ",1," + EXECUTOR_MEGABYTES + "]")
        .setAppName("SparkBench").set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.log.level", "WARN").set("spark.executor.extraClassPath", System.getProperty(EXTRA_CLASS_PATH, ""));
    JavaSparkContext sc = new JavaSparkContext(conf);
    sc.sc().addSparkListener(timeline);
    long deadline = System.currentTimeMillis() + 120_000;
    while (sc.sc().statusTracker().getExecutorInfos().length < workers + 1) { // the driver counts too
      if (System.currentTimeMillis() > deadline) {
        sc.stop();
        throw new IllegalStateException("local-cluster: " + workers + " executors did not register within 2 minutes");
      }
      sleep(100);
    }
    return sc;
  }

  private static String file(Path folder, String name) {
    Path gz = folder.resolve(name + ".gz");
    return (Files.exists(gz) ? gz : folder.resolve(name)).toAbsolutePath().toString();
  }

  /** The load averages over 1, 5 and 15 minutes, as uptime prints them. */
  private static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /**
   * Waits up to {@link #QUIET_WAIT_MILLIS} for other work to leave the cores (less than
   * {@link #QUIET_CORES} of them busy over a second), so that a measurement starts on a machine as
   * quiet as it gets; what other work takes during the measurement is recorded with it.
   */
  private static void awaitQuiet() {
    CpuMeter.awaitQuiet(QUIET_CORES, QUIET_WAIT_MILLIS);
  }

  private static String cpu() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown CPU");
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
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
