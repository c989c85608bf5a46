// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.model.FitOptions;
import dev.lamina.spark.bench.LocalClusterHome;
import dev.lamina.model.Model;
import dev.lamina.tensor.Tensor;
import dev.lamina.testing.ToyProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SparkTrainer} in {@code local-cluster[2,1,1024]}: a master, two workers and two executor
 * JVMs on this machine, so that the state, the tasks and the results really cross process
 * boundaries (serialisation, broadcasts, class loading). Spark starts the executors from
 * {@code $SPARK_HOME/jars}: the build points SPARK_HOME at target/spark-home, whose jars/ this test
 * fills with links to the jars of the test class path; the class directories (this module's, and
 * core's in a reactor build) go to the executors' extra class path. In the second run an executor
 * JVM dies in the middle of a round; its task is retried (Spark's standalone default of 4
 * attempts) and the result is the same.
 */
class LocalClusterTest {

  @TempDir
  Path folder;

  @Test
  void twoExecutorJvmsGiveBitIdenticalWeightsForTheSameSeedEvenLosingOneAndEqualLocalMode() {
    String home = System.getenv("SPARK_HOME");
    assumeTrue(home != null, "SPARK_HOME set by the build (surefire's environment)");
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String extraClassPath = LocalClusterHome.prepare(Path.of(home), classPath);
    Tensor[] data = ToyProblem.data(96, 3);
    FitOptions options = FitOptions.defaults().epochs(2).batchSize(16).seed(5).verbose(false);

    List<Model> models = new ArrayList<>();
    JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local-cluster[2,1,1024]")
        .setAppName("LocalClusterTest").set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
        .set("spark.executor.extraClassPath", extraClassPath));
    try {
      sc.setLogLevel("WARN");
      String marker = folder.resolve("executor-lost").toString();
      List<ModelFactory> factories = List.of(Models::adam, () -> Models.haltingOnce(marker));
      for (ModelFactory factory : factories) {
        Model m = Models.adam();
        SparkTrainer.of(sc).workers(2).stepsPerSync(2).fit(m, factory, TrainingData.arrays(data[0], data[1]), options);
        models.add(m);
      }
      assertTrue(Files.exists(Path.of(marker)), "an executor was lost in the second run");
    } finally {
      sc.stop();
    }
    JavaSparkContext local = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("LocalClusterTest")
        .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
    try {
      Model m = Models.adam();
      SparkTrainer.of(local).workers(2).stepsPerSync(2).fit(m, Models::adam, TrainingData.arrays(data[0], data[1]), options);
      models.add(m);
    } finally {
      local.stop();
    }
    assertEquals(2 * 3, models.get(0).optimizer().iterations());
    for (String name : models.get(0).weights().keySet()) {
      assertArrayEquals(models.get(0).weights().get(name).data(), models.get(1).weights().get(name).data(),
          name + ": the same seed, and the lost executor's task retried elsewhere");
      assertArrayEquals(models.get(0).weights().get(name).data(), models.get(2).weights().get(name).data(),
          name + ": executor JVMs give what local mode gives");
    }
  }
}
