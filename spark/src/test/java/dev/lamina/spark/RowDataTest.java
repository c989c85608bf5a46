// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.model.FitOptions;
import dev.lamina.model.History;
import dev.lamina.model.Model;
import dev.lamina.tensor.Tensor;
import dev.lamina.testing.ToyProblem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link RowData} in {@code local[2]}, with a Spark SQL session for the Dataset. */
class RowDataTest {
  private static SparkSession spark;
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("RowDataTest").config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1").getOrCreate();
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    sc.setLogLevel("ERROR"); // the failing jobs of the bad-data test log their stack traces otherwise
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static final Tensor[] DATA = ToyProblem.data(96, 3);
  private static final FitOptions OPTIONS = FitOptions.defaults().epochs(2).batchSize(16).seed(5).verbose(false);

  /** The toy problem's rows with the label in column 2, as a CSV line might have it. */
  private static List<float[]> rows() {
    List<float[]> rows = new ArrayList<>();
    float[] x = DATA[0].data();
    for (int i = 0; i < DATA[0].samples(); i++) {
      rows.add(new float[] {x[4 * i], x[4 * i + 1], DATA[1].data()[i], x[4 * i + 2], x[4 * i + 3]});
    }
    return rows;
  }

  private static void assertSameSamples(Samples s) {
    assertArrayEquals(DATA[0].shape(), s.inputs().get(0).shape());
    assertArrayEquals(DATA[0].data(), s.inputs().get(0).data());
    assertArrayEquals(DATA[1].shape(), s.targets().get(0).shape());
    assertArrayEquals(DATA[1].data(), s.targets().get(0).data());
  }

  private static void assertSameTraining(TrainingData data) {
    SparkTrainer trainer = SparkTrainer.of(sc).workers(2).stepsPerSync(2);
    FitOptions options = OPTIONS.validationSplit(0.25);
    Model fromArrays = Models.adam();
    History expected = trainer.fit(fromArrays, Models::adam, TrainingData.arrays(DATA[0], DATA[1]), options);
    Model fromRows = Models.adam();
    History history = trainer.fit(fromRows, Models::adam, data, options);
    assertEquals(expected.asMap(), history.asMap());
    for (String name : fromArrays.weights().keySet()) {
      assertArrayEquals(fromArrays.weights().get(name).data(), fromRows.weights().get(name).data(), name);
    }
  }

  @Test
  void anRddGivesTheArraysSamplesWhateverItsPartitionsAndTrainsAsThemBitForBit() {
    for (int partitions : new int[] {1, 3, 7}) {
      assertSameSamples(TrainingData.rdd(sc.parallelize(rows(), partitions), 2).load());
    }
    RowData data = TrainingData.rdd(sc.parallelize(rows(), 3), 2);
    assertSame(data.load(), data.load(), "gathered once");
    assertSameTraining(data);
    Samples images = TrainingData.rdd(sc.parallelize(rows(), 3), 2).featureShape(1, 2, 2).load();
    assertArrayEquals(new int[] {96, 1, 2, 2}, images.inputs().get(0).shape());
    assertArrayEquals(DATA[0].data(), images.inputs().get(0).data());
  }

  @Test
  void partitionsLongerThanABlockAreCutIntoBlocksAndJoinedInOrder() {
    int n = 2 * RowData.BLOCK_ROWS + 5; // two partitions: one of a full block and part of another, and one of more
    List<float[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new float[] {i, i % 10, -i});
    }
    Samples s = TrainingData.rdd(sc.parallelize(rows, 2), 1).load();
    assertArrayEquals(new int[] {n, 2}, s.inputs().get(0).shape());
    for (int i = 0; i < n; i++) {
      assertEquals(i, s.inputs().get(0).data()[2 * i], "row " + i);
      assertEquals(-i, s.inputs().get(0).data()[2 * i + 1], "row " + i);
      assertEquals(i % 10, s.targets().get(0).data()[i], "row " + i);
    }
  }

  @Test
  void aDatasetOfNumberColumnsOrOfAnArrayColumnGivesTheSameSamples() {
    StructType columns = new StructType().add("f0", DataTypes.FloatType).add("f1", DataTypes.FloatType)
        .add("label", DataTypes.IntegerType).add("f2", DataTypes.DoubleType).add("f3", DataTypes.FloatType);
    StructType vector = new StructType().add("id", DataTypes.StringType).add("label", DataTypes.LongType)
        .add("features", DataTypes.createArrayType(DataTypes.DoubleType));
    List<Row> byColumn = new ArrayList<>();
    List<Row> byVector = new ArrayList<>();
    for (float[] r : rows()) {
      byColumn.add(RowFactory.create(r[0], r[1], (int) r[2], (double) r[3], r[4]));
      byVector.add(RowFactory.create("row", (long) r[2], List.of((double) r[0], (double) r[1], (double) r[3], (double) r[4])));
    }
    Dataset<Row> table = spark.createDataFrame(byColumn, columns);
    assertSameSamples(TrainingData.dataset(table, "label", "f0", "f1", "f2", "f3").load());
    Dataset<Row> vectors = spark.createDataFrame(byVector, vector);
    RowData data = TrainingData.dataset(vectors, "label", "features");
    assertSameSamples(data.load());
    assertSameTraining(data);
  }

  @Test
  void badRowsAndColumnsAreNamedAndOnlyTheDriverGathers() throws Exception {
    List<float[]> ragged = rows();
    ragged.set(1, new float[] {1, 2, 0, 3});
    Exception e = assertThrows(Exception.class, () -> TrainingData.rdd(sc.parallelize(ragged, 1), 2).load());
    assertTrue(e.getMessage().contains("TrainingData.rdd: row 1 of partition 0 has 4 columns, but the partition's first has 5"),
        e.getMessage());
    e = assertThrows(Exception.class, () -> TrainingData.rdd(sc.parallelize(rows(), 1), 5).load());
    assertTrue(e.getMessage().contains("TrainingData.rdd: labelColumn is 5, but the rows of partition 0 have 5 columns"),
        e.getMessage());
    assertEquals("TrainingData.rdd: featureShape [3] holds 3 values, but a row has 4 features (5 columns but the label)",
        assertThrows(IllegalArgumentException.class,
            () -> TrainingData.rdd(sc.parallelize(rows(), 2), 2).featureShape(3).load()).getMessage());
    assertEquals("TrainingData.rdd: the RDD has no rows", assertThrows(IllegalArgumentException.class,
        () -> TrainingData.rdd(sc.parallelize(List.<float[]>of(), 2), 0).load()).getMessage());

    Dataset<Row> table = spark.createDataFrame(List.of(RowFactory.create("a", 1.0, 0)),
        new StructType().add("name", DataTypes.StringType).add("x", DataTypes.DoubleType).add("y", DataTypes.IntegerType));
    assertEquals("TrainingData.dataset: no column is named 'z'; the columns are [name, x, y]",
        assertThrows(IllegalArgumentException.class, () -> TrainingData.dataset(table, "y", "z")).getMessage());
    assertEquals("TrainingData.dataset: column 'name' is of type string, but a feature column must hold numbers or arrays "
        + "of numbers", assertThrows(IllegalArgumentException.class, () -> TrainingData.dataset(table, "y", "x", "name"))
        .getMessage());

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(TrainingData.rdd(sc.parallelize(rows(), 2), 2));
    }
    TrainingData copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (TrainingData) in.readObject();
    }
    assertTrue(assertThrows(IllegalStateException.class, copy::load).getMessage()
        .startsWith("TrainingData.rdd: the rows are gathered on the driver"));
  }
}
