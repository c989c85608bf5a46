// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * The rows of a Dataset as {@link RowData} ({@link TrainingData#dataset}): the label column first,
 * then the feature columns, numbers and arrays of numbers flattened into one float row. Apart from
 * {@link RowData} so that it alone needs Spark SQL on the class path.
 */
final class DatasetRows {
  private DatasetRows() {}

  /** See {@link TrainingData#dataset}. */
  static RowData of(Dataset<Row> rows, String labelColumn, String... featureColumns) {
    String where = "TrainingData.dataset";
    if (featureColumns.length == 0) {
      throw new IllegalArgumentException(where + ": needs at least one feature column; the columns are "
          + Arrays.toString(rows.columns()));
    }
    List<String> names = Arrays.asList(rows.columns());
    List<String> wanted = new ArrayList<>(List.of(labelColumn));
    wanted.addAll(List.of(featureColumns));
    for (String c : wanted) {
      if (!names.contains(c)) {
        throw new IllegalArgumentException(where + ": no column is named '" + c + "'; the columns are " + names);
      }
    }
    Dataset<Row> selected = rows.select(labelColumn, featureColumns); // the label first: column 0
    StructField[] fields = selected.schema().fields();
    for (int i = 0; i < fields.length; i++) {
      DataType type = fields[i].dataType();
      boolean numeric = type instanceof NumericType;
      boolean array = type instanceof ArrayType a && a.elementType() instanceof NumericType;
      if (!numeric && !(array && i > 0)) {
        throw new IllegalArgumentException(where + ": column '" + fields[i].name() + "' is of type " + type.simpleString()
            + ", but " + (i == 0 ? "the label must be a number" : "a feature column must hold numbers or arrays of "
            + "numbers") + (type.typeName().equals("vector")
            ? " (turn an ML vector into an array with org.apache.spark.ml.functions.vector_to_array)" : ""));
      }
    }
    return new RowData(selected.javaRDD().map(DatasetRows::floats), 0, null, where);
  }

  /** A row of numbers and arrays of numbers (column 0 the label), as floats. */
  private static float[] floats(Row row) {
    int n = 0;
    for (int i = 0; i < row.size(); i++) {
      n += row.isNullAt(i) ? 1 : row.get(i) instanceof Number ? 1 : row.getList(i).size();
    }
    float[] f = new float[n];
    int at = 0;
    for (int i = 0; i < row.size(); i++) {
      if (row.isNullAt(i)) {
        throw new IllegalArgumentException("TrainingData.dataset: column '" + row.schema().fields()[i].name()
            + "' is null in the row " + row);
      }
      Object v = row.get(i);
      if (v instanceof Number number) {
        f[at++] = number.floatValue();
      } else {
        for (Object e : row.getList(i)) {
          if (e == null) {
            throw new IllegalArgumentException("TrainingData.dataset: column '" + row.schema().fields()[i].name()
                + "' holds a null in the row " + row);
          }
          f[at++] = ((Number) e).floatValue();
        }
      }
    }
    return f;
  }

}
