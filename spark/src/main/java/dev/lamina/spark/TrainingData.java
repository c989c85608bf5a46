// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.data.Csv;
import dev.lamina.tensor.Tensor;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The training samples, as the tasks of a {@link SparkTrainer} read them: each task loads them (once
 * per executor, see below) and trains on its slice of each epoch's seeded permutation, the very
 * permutation single-node {@code fit} uses. The driver loads them too, to count the samples and to
 * hold out a validation split.
 *
 * <p>An executor keeps the loaded samples of the last few sources it saw, found by
 * {@code equals}: implement this interface as a record (or with equals and hashCode) so that the
 * tasks of every synchronisation find the samples loaded by the first.
 */
@FunctionalInterface
public interface TrainingData extends Serializable {

  /** Loads the samples; the result is shared by the tasks of an executor and never modified. */
  Samples load();

  /**
   * In-memory samples, sent to each executor once per fit (a Spark broadcast). The arrays are
   * shared, not copied: do not change them while training runs.
   */
  static TrainingData arrays(Tensor x, Tensor y) {
    return arrays(List.of(x), List.of(y));
  }

  /** As {@link #arrays(Tensor, Tensor)} for a model of several inputs or outputs. */
  static TrainingData arrays(List<Tensor> x, List<Tensor> y) {
    return ArrayData.of(new Samples(x, y));
  }

  /**
   * A pair of IDX files (MNIST, Fashion-MNIST; gzip-compressed or not) at a path every executor and
   * the driver can read (a shared or copied file): images of shape [n, rows, cols] scaled by
   * {@code scale} (1/255 gives [0, 1]), and labels [n] as class indices.
   */
  static TrainingData idx(String images, String labels, float scale) {
    return new IdxData(images, labels, scale);
  }

  /**
   * The rows of an RDD, each the features with the label at {@code labelColumn} (a class index, or
   * a number for regression), as a CSV line's: features [rows, columns − 1] (see
   * {@link RowData#featureShape} for others) and labels [rows]. Sample i is the RDD's i-th row (its
   * partitions in order, then their rows), and the epochs' permutation shares the samples out among
   * the workers, whatever the RDD's partitioning. {@link SparkTrainer#fit} gathers the rows on the
   * driver and broadcasts them: see {@link RowData} for what that needs.
   *
   * @throws IllegalArgumentException if labelColumn is negative
   */
  static RowData rdd(JavaRDD<float[]> rows, int labelColumn) {
    return RowData.of(rows, labelColumn);
  }

  /**
   * The rows of a Dataset (a DataFrame): the label from the numeric column {@code labelColumn}, the
   * features from the columns {@code featureColumns} in that order, each a number or an array of
   * numbers (an ML vector column: {@code vector_to_array} it first), flattened into one vector per
   * row. As {@link #rdd}: sample i is the Dataset's i-th row.
   *
   * @throws IllegalArgumentException if a column is missing or of another type (the message names it)
   */
  static RowData dataset(Dataset<Row> rows, String labelColumn, String... featureColumns) {
    return DatasetRows.of(rows, labelColumn, featureColumns);
  }

  /**
   * A CSV file (gzip-compressed or not) every executor and the driver can read, parsed by
   * {@code format} ({@link Csv#format()}): features [n, columns − 1] and labels [n].
   */
  static TrainingData csv(String file, Csv format) {
    return new CsvData(file, format.header(), format.labelColumn(), format.delimiter());
  }
}
