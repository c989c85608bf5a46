// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Loaded training samples: one tensor per model input and one target tensor per output, all with
 * the same number of samples along axis 0. Shared by the tasks of an executor: never modified.
 */
public record Samples(List<Tensor> inputs, List<Tensor> targets) {

  /** @throws IllegalArgumentException if a list is empty or the tensors differ in their number of samples */
  public Samples {
    inputs = List.copyOf(inputs);
    targets = List.copyOf(targets);
    if (inputs.isEmpty() || targets.isEmpty()) {
      throw new IllegalArgumentException("Samples: needs at least one input and one target tensor, but had "
          + inputs.size() + " and " + targets.size());
    }
    int n = inputs.get(0).samples();
    for (List<Tensor> list : List.of(inputs, targets)) {
      for (Tensor t : list) {
        if (t.samples() != n) {
          throw new IllegalArgumentException("Samples: every tensor needs " + n + " samples (as the first input), but one "
              + "has shape " + Arrays.toString(t.shape()));
        }
      }
    }
  }

  /** The number of samples. */
  public int size() {
    return inputs.get(0).samples();
  }

  /** The samples [from, to), copied. */
  Samples rows(int from, int to) {
    return new Samples(inputs.stream().map(t -> t.rows(from, to)).toList(),
        targets.stream().map(t -> t.rows(from, to)).toList());
  }
}
