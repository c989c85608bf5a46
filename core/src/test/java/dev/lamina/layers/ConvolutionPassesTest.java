// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static dev.lamina.layers.Conv2DTest.assertBitsEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activations;
import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ConvolutionPassesTest {
  private static final int[] SHAPE = {32, 14, 14}; // Winograd's size, for FASTEST
  private static final int BATCH = 3;

  /** Gradients after an inference pass (saliency maps, Grad-CAM), which keeps no z for a fused ReLU. */
  @ParameterizedTest
  @EnumSource(ConvolutionAlgorithm.class)
  void anInferencePassBackPropagatesAsATrainingPassDoes(ConvolutionAlgorithm algorithm) {
    float[][] train = passes(algorithm, Mode.TRAIN);
    float[][] infer = passes(algorithm, Mode.INFER);
    String[] names = {"y", "dx", "kernel gradient", "bias gradient"};
    for (int k = 0; k < names.length; k++) {
      assertBitsEqual(train[k], infer[k], algorithm + " " + names[k]);
    }
    assertTrue(count(train[0], 0f) > 0 && count(train[0], 0f) < train[0].length, "the ReLU clips some outputs");
  }

  @ParameterizedTest
  @EnumSource(ConvolutionAlgorithm.class)
  void thePreActivationOfAnInferencePassThroughTheReluIsRefused(ConvolutionAlgorithm algorithm) {
    LayerRun run = LayerRun.of(spec(algorithm).name("c"), 3, SHAPE);
    Conv2D conv = (Conv2D) run.layer();
    Matrix x = input();
    run.forward(Mode.TRAIN, x);
    Matrix z = conv.preActivation(run.frame());
    assertEquals(BATCH * Layer.features(conv.outputShape()), z.size());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
      run.forward(Mode.INFER, x);
      conv.preActivation(run.frame());
    });
    assertEquals("Conv2D(name=c): an inference pass through the ReLU keeps no pre-activation; run the forward pass "
        + "in Mode.TRAIN to read it", e.getMessage());
  }

  private static Conv2D.Builder spec(ConvolutionAlgorithm algorithm) {
    return Conv2D.builder(32, 3).padding(Padding.SAME).activation(Activations.RELU).algorithm(algorithm);
  }

  private static Matrix input() {
    float[] x = new float[BATCH * Layer.features(SHAPE)];
    SplittableRandom random = new SplittableRandom(8);
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble(-1, 1);
    }
    return Matrix.wrap(x, BATCH, x.length / BATCH);
  }

  /** y, dx, and the kernel and bias gradients after a forward pass in {@code mode}. */
  private static float[][] passes(ConvolutionAlgorithm algorithm, Mode mode) {
    LayerRun run = LayerRun.of(spec(algorithm), 3, SHAPE);
    Conv2D conv = (Conv2D) run.layer();
    float[] y = copy(run.forward(mode, input()));
    float[] dy = new float[y.length];
    SplittableRandom random = new SplittableRandom(9);
    for (int i = 0; i < dy.length; i++) {
      dy[i] = (float) random.nextDouble(-1, 1);
    }
    float[] dx = copy(run.backward(Matrix.wrap(dy, BATCH, dy.length / BATCH)));
    return new float[][] {y, dx, conv.kernel().gradient().clone(), conv.bias().gradient().clone()};
  }

  private static float[] copy(Matrix m) {
    return Arrays.copyOf(m.data(), m.size());
  }

  private static int count(float[] values, float value) {
    int n = 0;
    for (float v : values) {
      n += v == value ? 1 : 0;
    }
    return n;
  }
}
