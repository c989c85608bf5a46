// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.data.Idx;
import java.nio.file.Path;
import java.util.List;

/** {@link TrainingData#idx}: a pair of IDX files read on each executor. */
record IdxData(String images, String labels, float scale) implements TrainingData {

  @Override
  public Samples load() {
    return new Samples(List.of(Idx.read(Path.of(images), scale)), List.of(Idx.read(Path.of(labels), 1f)));
  }
}
