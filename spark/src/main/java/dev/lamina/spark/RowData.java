// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.tensor.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.jspecify.annotations.Nullable;

/**
 * The rows of a Spark RDD or Dataset as training samples ({@link TrainingData#rdd},
 * {@link TrainingData#dataset}): sample i is the i-th row in the RDD's order (its partitions in
 * order, then each partition's rows), and each epoch's seeded permutation, the one single-node
 * {@code fit} uses, shares them out among the workers; the RDD's partitioning plays no part, so
 * nothing is repartitioned or split.
 *
 * <p>{@link SparkTrainer#fit} gathers the rows once, on the driver: a Spark job packs each
 * partition's rows into float blocks on the executors (compact arrays instead of row objects), the
 * driver collects the blocks in partition order, joins them, and broadcasts the samples to the
 * executors as for {@link TrainingData#arrays}. Each executor holds every sample, as every worker
 * may need any sample in any epoch: the data must fit in an executor's memory and, while they are
 * gathered, in the driver's, within {@code spark.driver.maxResultSize}. The order of the rows must
 * be the same each time the RDD is computed (a file read as it is, a sort; not the order a shuffle
 * happens to give) for a run to be reproducible: the samples are gathered once per instance of this
 * class, so a second fit with the same instance trains on the same samples.
 *
 * <p>Only the driver loads it: tasks read the broadcast samples. This class does not refer to
 * Spark SQL ({@link DatasetRows} does), so that applications without it on their class path can
 * use it: Spark inspects the class of the function it ships.
 */
public final class RowData implements TrainingData {
  private static final long serialVersionUID = 1L;
  /**
   * Rows per packed block: 4096 rows of a few hundred features are a few MB, large enough that a
   * block's overhead does not matter and small enough for a result of a task to stay small.
   */
  static final int BLOCK_ROWS = 4096;

  private final transient @Nullable JavaRDD<float[]> rows;
  private final int labelColumn;
  private final int @Nullable [] featureShape;
  private final String source;
  /** The samples, gathered by the first load. */
  private transient volatile @Nullable Samples samples;

  /**
   * @param labelColumn where the label is in a row
   * @param source what made it, for messages ("TrainingData.rdd")
   */
  RowData(@Nullable JavaRDD<float[]> rows, int labelColumn, int @Nullable [] featureShape, String source) {
    this.rows = rows;
    this.labelColumn = labelColumn;
    this.featureShape = featureShape;
    this.source = source;
  }

  /** See {@link TrainingData#rdd}. */
  static RowData of(JavaRDD<float[]> rows, int labelColumn) {
    if (labelColumn < 0) {
      throw new IllegalArgumentException("TrainingData.rdd: labelColumn must be >= 0, but was " + labelColumn);
    }
    return new RowData(rows, labelColumn, null, "TrainingData.rdd");
  }

  /**
   * The same rows with features of shape {@code shape} per sample (images: [28, 28], or [1, 28, 28]
   * channels-first) rather than a vector of the row's columns but the label.
   *
   * @throws IllegalArgumentException if a dimension is not positive; the loaded rows are checked
   *     against the shape's size
   */
  public RowData featureShape(int... shape) {
    if (shape.length == 0 || Arrays.stream(shape).anyMatch(d -> d <= 0)) {
      throw new IllegalArgumentException(source + ": featureShape needs dimensions > 0, but was " + Arrays.toString(shape));
    }
    return new RowData(rows, labelColumn, shape.clone(), source);
  }

  /**
   * Gathers the rows (once; later calls return the same samples): features [rows, columns − 1] (or
   * [rows, feature shape]) and labels [rows].
   *
   * @throws IllegalStateException when called on an executor: the samples reach the tasks as a broadcast
   * @throws IllegalArgumentException if there are no rows, rows differ in length, the label column
   *     is not in a row, or the feature shape does not fit the row
   */
  @Override
  public Samples load() {
    Samples s = samples;
    if (s == null) {
      synchronized (this) {
        s = samples;
        if (s == null) {
          s = gather();
          samples = s;
        }
      }
    }
    return s;
  }

  private Samples gather() {
    JavaRDD<float[]> r = rows;
    if (r == null) {
      throw new IllegalStateException(source + ": the rows are gathered on the driver, which broadcasts them; this copy "
          + "was sent elsewhere (a task)");
    }
    int label = labelColumn;
    String where = source;
    List<Block> blocks = r.mapPartitionsWithIndex((p, it) -> pack(where, p, it, label), false).collect();
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException(source + ": the RDD has no rows");
    }
    int columns = blocks.get(0).columns();
    long n = 0;
    for (Block b : blocks) {
      if (b.columns() != columns) {
        throw new IllegalArgumentException(source + ": the rows of partition " + b.partition() + " have " + b.columns()
            + " columns, but those of partition " + blocks.get(0).partition() + " have " + columns);
      }
      n += b.rows();
    }
    int width = columns - 1;
    int[] shape = featureShape == null ? new int[] {width} : featureShape;
    if (Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) != width) {
      throw new IllegalArgumentException(source + ": featureShape " + Arrays.toString(shape) + " holds "
          + Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) + " values, but a row has " + width
          + " features (" + columns + " columns but the label)");
    }
    if (n * width > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(source + ": " + n + " rows of " + width + " features are more floats than a "
          + "Java array holds");
    }
    float[] x = new float[(int) (n * width)];
    float[] y = new float[(int) n];
    int at = 0;
    for (Block b : blocks) {
      System.arraycopy(b.features(), 0, x, at * width, b.rows() * width);
      System.arraycopy(b.labels(), 0, y, at, b.rows());
      at += b.rows();
    }
    int[] xShape = new int[shape.length + 1];
    xShape[0] = (int) n;
    System.arraycopy(shape, 0, xShape, 1, shape.length);
    return new Samples(List.of(Tensor.of(x, xShape)), List.of(Tensor.of(y, (int) n)));
  }

  /** Packs a partition's rows into blocks of up to {@link #BLOCK_ROWS} rows, on an executor. */
  private static Iterator<Block> pack(String source, int partition, Iterator<float[]> rows, int labelColumn) {
    List<Block> blocks = new ArrayList<>();
    int columns = -1;
    int row = 0;
    float[] x = null;
    float[] y = null;
    int inBlock = 0;
    while (rows.hasNext()) {
      float[] values = rows.next();
      if (columns < 0) {
        columns = values.length;
        if (labelColumn >= columns) {
          throw new IllegalArgumentException(source + ": labelColumn is " + labelColumn + ", but the rows of partition "
              + partition + " have " + columns + " columns");
        }
      } else if (values.length != columns) {
        throw new IllegalArgumentException(source + ": row " + row + " of partition " + partition + " has " + values.length
            + " columns, but the partition's first has " + columns);
      }
      if (x == null) {
        x = new float[BLOCK_ROWS * (columns - 1)];
        y = new float[BLOCK_ROWS];
      }
      System.arraycopy(values, 0, x, inBlock * (columns - 1), labelColumn);
      System.arraycopy(values, labelColumn + 1, x, inBlock * (columns - 1) + labelColumn, columns - 1 - labelColumn);
      y[inBlock] = values[labelColumn];
      inBlock++;
      row++;
      if (inBlock == BLOCK_ROWS) {
        blocks.add(new Block(partition, columns, inBlock, x, y));
        x = null;
        inBlock = 0;
      }
    }
    if (inBlock > 0) {
      blocks.add(new Block(partition, columns, inBlock, Arrays.copyOf(x, inBlock * (columns - 1)),
          Arrays.copyOf(y, inBlock)));
    }
    return blocks.iterator();
  }

  /** Rows of one partition packed as floats: features [rows, columns − 1] and labels [rows]. */
  private record Block(int partition, int columns, int rows, float[] features, float[] labels) implements Serializable {}
}
