// SPDX-License-Identifier: Apache-2.0

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
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dense.builder(-3).name("dense_1").create());
    assertEquals("Dense(name=dense_1): units must be > 0, but was -3", e.getMessage());
  }

  static Stream<Arguments> configurations() {
    return Stream.of(Activations.LINEAR, Activations.TANH, Activations.RELU, Activations.SOFTMAX)
        .flatMap(a -> Stream.of(Arguments.of(a, true, 4, 3), Arguments.of(a, false, 4, 3), Arguments.of(a, true, 11, 19)));
  }

  /**
   * After a batch of 5, a batch of 2 reuses the frame's buffers (and arrives, like the trainer's
   * last partial batch, in a matrix whose array still holds the rows of the larger batch): the
   * output and all gradients must equal those of a fresh run of a layer with the same weights.
   */
  @ParameterizedTest(name = "{0}, bias {1}, {2} -> {3}")
  @MethodSource("configurations")
  void aSmallerBatchAfterALargerOneGivesTheResultOfAFreshLayer(Activation activation, boolean useBias, int in, int units) {
    SplittableRandom random = new SplittableRandom(7);
    LayerRun used = dense(activation, useBias, in, units);
    LayerRun fresh = dense(activation, useBias, in, units);

    Matrix big = new Matrix(5, in);
    fill(big.data(), random);
    Matrix bigDy = new Matrix(5, units);
    fill(bigDy.data(), random);
    used.forward(Mode.TRAIN, big);
    used.backward(bigDy);

    float[] x = new float[2 * in];
    float[] dy = new float[2 * units];
    fill(x, random);
    fill(dy, random);
    // the small batch in the big batch's arrays: the tail still holds the old rows
    System.arraycopy(x, 0, big.data(), 0, x.length);
    System.arraycopy(dy, 0, bigDy.data(), 0, dy.length);
    Matrix yUsed = used.forward(Mode.TRAIN, big.reshape(2, in));
    float[] y1 = Arrays.copyOf(yUsed.data(), yUsed.size());
    Matrix dxUsed = used.backward(bigDy.reshape(2, units));

    Matrix yFresh = fresh.forward(Mode.TRAIN, Matrix.wrap(x.clone(), 2, in));
    assertEquals(2, yUsed.rows());
    assertArrayEquals(Arrays.copyOf(yFresh.data(), yFresh.size()), y1, "y");
    Matrix dxFresh = fresh.backward(Matrix.wrap(dy.clone(), 2, units));
    assertEquals(2, dxUsed.rows());
    assertEquals(in, dxUsed.cols());
    assertArrayEquals(Arrays.copyOf(dxFresh.data(), dxFresh.size()), Arrays.copyOf(dxUsed.data(), dxUsed.size()), "dx");
    List<Parameter> a = used.layer().parameters();
    List<Parameter> b = fresh.layer().parameters();
    assertEquals(b.size(), a.size());
    for (int k = 0; k < a.size(); k++) {
      assertArrayEquals(b.get(k).value(), a.get(k).value(), a.get(k).name() + " value");
      assertArrayEquals(b.get(k).gradient(), a.get(k).gradient(), a.get(k).name() + " gradient");
    }
  }

  static Stream<Activation> activations() {
    return Stream.of(Activations.LINEAR, Activations.RELU, Activations.ELU, Activations.elu(0.4), Activations.TANH);
  }

  /**
   * With more units than a vector holds (and not a multiple of it) and more rows than a block of
   * the column sums: the fused bias and activation passes against the formulas, computed in
   * double with the activation's own forward and backward as the reference.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("activations")
  void wideLayersFollowTheFormulas(Activation activation) {
    int batch = 20;
    int in = 9;
    int units = 37;
    SplittableRandom random = new SplittableRandom(5);
    LayerRun run = dense(activation, true, in, units);
    Dense d = (Dense) run.layer();
    float[] x = new float[batch * in];
    float[] dy = new float[batch * units];
    fill(x, random);
    fill(dy, random);
    float[] w = d.kernel().value();
    float[] b = d.bias().value();
    Matrix z = new Matrix(batch, units);
    for (int r = 0; r < batch; r++) {
      for (int c = 0; c < units; c++) {
        double sum = b[c];
        for (int k = 0; k < in; k++) {
          sum += (double) x[r * in + k] * w[k * units + c];
        }
        z.set(r, c, (float) sum);
      }
    }
    Matrix out = new Matrix(batch, units);
    activation.forward(z, out);
    Matrix dz = new Matrix(batch, units);
    activation.backward(z, out, Matrix.wrap(dy, batch, units), dz);

    Matrix y = run.forward(Mode.TRAIN, Matrix.wrap(x, batch, in));
    for (int k = 0; k < batch * units; k++) {
      assertEquals(out.data()[k], y.data()[k], 1e-5 * (1 + Math.abs(out.data()[k])), "y " + k);
      assertEquals(z.data()[k], d.preActivation(run.frame()).data()[k], 1e-5 * (1 + Math.abs(z.data()[k])), "z " + k);
    }
    run.backward(Matrix.wrap(dy, batch, units));
    for (int c = 0; c < units; c++) {
      double db = 0;
      for (int r = 0; r < batch; r++) {
        db += dz.get(r, c);
      }
      assertEquals(db, d.bias().gradient()[c], 1e-4, "bias gradient " + c);
      for (int k = 0; k < in; k++) {
        double dw = 0;
        for (int r = 0; r < batch; r++) {
          dw += (double) x[r * in + k] * dz.get(r, c);
        }
        assertEquals(dw, d.kernel().gradient()[k * units + c], 1e-4, "kernel gradient " + k + ", " + c);
      }
    }
  }

  private static LayerRun dense(Activation activation, boolean useBias, int in, int units) {
    LayerRun run = LayerRun.of(Dense.builder(units).activation(activation).useBias(useBias), 3, new int[] {in}); // same seed: same kernel
    Dense d = (Dense) run.layer();
    if (useBias) {
      float[] bias = d.bias().value();
      for (int i = 0; i < bias.length; i++) {
        bias[i] = 0.1f * (i + 1);
      }
    }
    return run;
  }

  private static void fill(float[] v, SplittableRandom random) {
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
  }
}
