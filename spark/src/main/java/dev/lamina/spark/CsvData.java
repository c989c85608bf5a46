// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.data.Csv;
import dev.lamina.data.Dataset;
import java.nio.file.Path;
import java.util.List;

/** {@link TrainingData#csv}: a CSV file read on each executor; the format as fields, since {@link Csv} is not serialisable. */
record CsvData(String file, boolean header, int labelColumn, char delimiter) implements TrainingData {

  @Override
  public Samples load() {
    Dataset d = Csv.format().header(header).labelColumn(labelColumn).delimiter(delimiter).read(Path.of(file));
    return new Samples(List.of(d.features()), List.of(d.labels()));
  }
}
