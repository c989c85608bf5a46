// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.tensor.Tensor;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * In-memory samples as serialisable arrays and shapes; {@link SparkTrainer} broadcasts it
 * ({@link BroadcastData}) rather than sending it with every task.
 */
final class ArrayData implements TrainingData {
  private static final long serialVersionUID = 1L;
  private final float[][] inputs;
  private final int[][] inputShapes;
  private final float[][] targets;
  private final int[][] targetShapes;
  /** The tensors over the arrays, made once per deserialised copy (one per executor for a broadcast). */
  private transient volatile @Nullable Samples samples;

  private ArrayData(float[][] inputs, int[][] inputShapes, float[][] targets, int[][] targetShapes, Samples samples) {
    this.inputs = inputs;
    this.inputShapes = inputShapes;
    this.targets = targets;
    this.targetShapes = targetShapes;
    this.samples = samples;
  }

  static ArrayData of(Samples s) {
    return new ArrayData(s.inputs().stream().map(Tensor::data).toArray(float[][]::new),
        s.inputs().stream().map(Tensor::shape).toArray(int[][]::new),
        s.targets().stream().map(Tensor::data).toArray(float[][]::new),
        s.targets().stream().map(Tensor::shape).toArray(int[][]::new), s);
  }

  @Override
  public Samples load() {
    Samples s = samples;
    if (s == null) {
      s = new Samples(tensors(inputs, inputShapes), tensors(targets, targetShapes));
      samples = s; // a race makes two equal wrappers of the same arrays: harmless
    }
    return s;
  }

  private static List<Tensor> tensors(float[][] data, int[][] shapes) {
    Tensor[] t = new Tensor[data.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = Tensor.of(data[i], shapes[i]);
    }
    return List.of(t);
  }
}
