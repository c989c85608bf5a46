// SPDX-License-Identifier: Apache-2.0

package dev.lamina.examples;

import static dev.lamina.activations.Activations.ELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.flatten;
import static dev.lamina.dsl.Layers.input;
import static dev.lamina.initializers.Initializers.heNormal;

import dev.lamina.callbacks.EarlyStopping;
import dev.lamina.data.Dataset;
import dev.lamina.data.Digits;
import dev.lamina.data.Split;
import dev.lamina.dsl.Network;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.FitOptions;
import dev.lamina.model.History;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.spark.SparkTrainer;
import dev.lamina.spark.TrainingData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Trains the digits network data-parallel with lamina-spark from the lines of a CSV file read as a
 * Spark RDD: the file this program writes first, at the path given (on a cluster, one every
 * executor reads: a shared mount) or in the temporary directory, where an application would read
 * its own data. 2 workers average their models every 20 steps, with a validation split and early
 * stopping on the driver; the model is then evaluated on the held-out images. Run alone it trains in {@code local[2]}
 * (two task threads of this JVM); under spark-submit, on the cluster given there. Exits with 1
 * when the test accuracy falls short.
 */
public final class JavaSpark {
  /** The test accuracy this network reaches on the digits with 2 workers (about 0.96), with a margin. */
  private static final double MIN_ACCURACY = 0.9;
  private static final long SEED = 42;
  private static final int PIXELS = 64;

  private JavaSpark() {}

  /**
   * The model, made the same way on the driver and, through the factory {@code JavaSpark::model},
   * on the executors: a static method is a factory Spark can serialise.
   */
  static Sequential model() {
    Sequential model = Network.sequential(SEED, input(8, 8),
        flatten(),
        dense(64).activation(ELU).kernelInitializer(heNormal()),
        dense(32).activation(ELU).kernelInitializer(heNormal()),
        dense(10).activation(SOFTMAX));
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().learningRate(3e-3).build(),
        Metrics.accuracy());
    return model;
  }

  /** A CSV line of 64 pixels and the label. */
  static float[] parse(String line) {
    String[] fields = line.split(",");
    float[] row = new float[fields.length];
    for (int i = 0; i < row.length; i++) {
      row[i] = Float.parseFloat(fields[i]);
    }
    return row;
  }

  public static void main(String[] args) throws IOException {
    Split split = Split.stratified(Digits.load().dataset(), 0.2, SEED);
    Dataset test = split.validation();
    Path csv = args.length > 0 ? Path.of(args[0]) : Files.createTempFile("digits-train", ".csv");
    writeCsv(split.train(), csv);

    SparkConf conf = new SparkConf().setAppName("java-spark")
        .setIfMissing("spark.master", "local[2]") // spark-submit's --master wins
        .setIfMissing("spark.ui.enabled", "false");
    double accuracy;
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      JavaRDD<float[]> rows = sc.textFile(csv.toUri().toString()).map(JavaSpark::parse);
      Sequential model = model();
      History history = SparkTrainer.of(sc).workers(2).stepsPerSync(20)
          .fit(model, JavaSpark::model, TrainingData.rdd(rows, PIXELS).featureShape(8, 8),
              FitOptions.defaults().epochs(10).batchSize(16).seed(SEED).verbose(false).validationSplit(0.1)
                  .callbacks(EarlyStopping.builder().patience(3).restoreBestWeights(true).build()));
      accuracy = model.evaluate(test.features(), test.labels()).get("accuracy");
      System.out.printf("Java on Spark: %d epochs with 2 workers on %s, test accuracy %.4f on %d images%n",
          history.epochs(), sc.master(), accuracy, test.size());
    }
    if (accuracy < MIN_ACCURACY) {
      System.err.printf("Java on Spark: FAILED (accuracy %.4f, need %.2f)%n", accuracy, MIN_ACCURACY);
      System.exit(1);
    }
  }

  /** The samples as CSV lines: the 64 pixels of an image, then its label. */
  private static void writeCsv(Dataset data, Path file) throws IOException {
    float[] x = data.features().data();
    float[] y = data.labels().data();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      StringBuilder line = new StringBuilder();
      for (int j = 0; j < PIXELS; j++) {
        line.append(x[i * PIXELS + j]).append(',');
      }
      lines.add(line.append((int) y[i]).toString());
    }
    Files.write(file, lines);
  }
}
