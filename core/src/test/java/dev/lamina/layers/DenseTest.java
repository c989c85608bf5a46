package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DenseTest {

  @Test
  void nonPositiveUnitsAreRejectedWithTheLayerNameAndTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dense.builder(-3).create("dense_1"));
    assertEquals("Dense(name=dense_1): units must be > 0, but was -3", e.getMessage());
  }

  static Stream<Arguments> configurations() {
    return Stream.of(Activations.LINEAR, Activations.TANH, Activations.RELU, Activations.SOFTMAX)
        .flatMap(a -> Stream.of(Arguments.of(a, true, 4, 3), Arguments.of(a, false, 4, 3), Arguments.of(a, true, 11, 19)));
  }

  /**
   * After a batch of 5, a batch of 2 reuses the layer's buffers (and arrives, like the trainer's
   * last partial batch, in a matrix whose array still holds the rows of the larger batch): the
   * output and all gradients must equal those of a fresh layer with the same weights.
   */
  @ParameterizedTest(name = "{0}, bias {1}, {2} -> {3}")
  @MethodSource("configurations")
  void aSmallerBatchAfterALargerOneGivesTheResultOfAFreshLayer(Activation activation, boolean useBias, int in, int units) {
    SplittableRandom random = new SplittableRandom(7);
    Dense used = dense(activation, useBias, in, units);
    Dense fresh = dense(activation, useBias, in, units);

    Matrix big = new Matrix(5, in);
    fill(big.data(), random);
    Matrix bigDy = new Matrix(5, units);
    fill(bigDy.data(), random);
    used.forward(big, Mode.TRAIN);
    used.backward(bigDy, true);

    float[] x = new float[2 * in];
    float[] dy = new float[2 * units];
    fill(x, random);
    fill(dy, random);
    // the small batch in the big batch's arrays: the tail still holds the old rows
    System.arraycopy(x, 0, big.data(), 0, x.length);
    System.arraycopy(dy, 0, bigDy.data(), 0, dy.length);
    Matrix yUsed = used.forward(big.reshape(2, in), Mode.TRAIN);
    float[] y1 = Arrays.copyOf(yUsed.data(), yUsed.size());
    Matrix dxUsed = used.backward(bigDy.reshape(2, units), true);

    Matrix yFresh = fresh.forward(Matrix.wrap(x.clone(), 2, in), Mode.TRAIN);
    assertEquals(2, yUsed.rows());
    assertArrayEquals(Arrays.copyOf(yFresh.data(), yFresh.size()), y1, "y");
    Matrix dxFresh = fresh.backward(Matrix.wrap(dy.clone(), 2, units), true);
    assertEquals(2, dxUsed.rows());
    assertEquals(in, dxUsed.cols());
    assertArrayEquals(Arrays.copyOf(dxFresh.data(), dxFresh.size()), Arrays.copyOf(dxUsed.data(), dxUsed.size()), "dx");
    List<Parameter> a = used.parameters();
    List<Parameter> b = fresh.parameters();
    assertEquals(b.size(), a.size());
    for (int k = 0; k < a.size(); k++) {
      assertArrayEquals(b.get(k).gradient(), a.get(k).gradient(), a.get(k).name() + " gradient");
    }
  }

  private static Dense dense(Activation activation, boolean useBias, int in, int units) {
    Dense d = Dense.builder(units).activation(activation).useBias(useBias).create("dense");
    d.build(new int[] {in}, new SplittableRandom(3)); // same seed: same kernel
    if (useBias) {
      float[] bias = d.bias().value();
      for (int i = 0; i < bias.length; i++) {
        bias[i] = 0.1f * (i + 1);
      }
    }
    return d;
  }

  private static void fill(float[] v, SplittableRandom random) {
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
  }
}
