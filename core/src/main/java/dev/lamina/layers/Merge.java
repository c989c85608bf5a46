package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the element-wise merge layers share ({@link Add}, {@link Subtract}, {@link Multiply},
 * {@link Average}, {@link Maximum}; Keras' {@code keras.layers.merging}): two or more inputs of the
 * same per-sample shape, combined element by element into one output of that shape. Keras also
 * reshapes inputs of different ranks; Lamina requires equal shapes, and says which differ.
 */
public abstract class Merge extends Layer {

  protected Merge(@Nullable String name) {
    super(name);
  }

  /** The smallest number of inputs: 2 (Keras). */
  protected int minimumInputs() {
    return 2;
  }

  /** The largest number of inputs (unbounded by default). */
  protected int maximumInputs() {
    return Integer.MAX_VALUE;
  }

  @Override
  protected final int[] build(List<int[]> inputShapes) {
    int n = inputShapes.size();
    if (n < minimumInputs() || n > maximumInputs()) {
      throw new IllegalArgumentException(where() + ": needs " + (minimumInputs() == maximumInputs() ? "exactly "
          + minimumInputs() : "at least " + minimumInputs()) + " inputs, but was applied to " + n);
    }
    int[] first = inputShapes.get(0);
    for (int i = 1; i < n; i++) {
      if (!Arrays.equals(first, inputShapes.get(i))) {
        throw new IllegalArgumentException(where() + ": inputs must have the same shape, but input 0 has "
            + Arrays.toString(first) + " and input " + i + " has " + Arrays.toString(inputShapes.get(i)));
      }
    }
    return first;
  }

  @Override
  public final Matrix forward(Frame f, Mode mode) {
    Matrix x0 = f.input(0);
    Matrix out = f.output(x0.rows(), x0.cols());
    combine(f, out.data(), x0.size());
    return out;
  }

  /** Writes the merged values of the frame's inputs into {@code y}, {@code n} values. */
  protected abstract void combine(Frame f, float[] y, int n);
}
