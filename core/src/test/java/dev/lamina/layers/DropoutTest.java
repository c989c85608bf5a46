// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.activations.Selu;
import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The statistics of Dropout and AlphaDropout; their gradients are checked by LayerGradientCheckTest. */
class DropoutTest {
  private static final int N = 200_000;

  /** The layer run on its own for samples of 1000 features, its generator seeded with {@code seed}. */
  private static LayerRun built(LayerSpec spec, long seed) {
    return LayerRun.of(spec, seed, new int[] {1000});
  }

  private static Matrix ones() {
    float[] x = new float[N];
    Arrays.fill(x, 1f);
    return Matrix.wrap(x, N / 1000, 1000);
  }

  @Test
  void dropoutDropsTheRateAndScalesTheRestSoTheMeanIsKept() {
    Matrix y = built(new Dropout.Spec(0.3, null), 1).forward(Mode.TRAIN, ones());
    int dropped = 0;
    double sum = 0;
    for (int k = 0; k < N; k++) {
      float v = y.data()[k];
      dropped += v == 0 ? 1 : 0;
      if (v != 0) {
        assertEquals(1 / 0.7f, v, 1e-6f);
      }
      sum += v;
    }
    assertEquals(0.3, dropped / (double) N, 0.005);
    assertEquals(1, sum / N, 0.01);
  }

  @Test
  void inferenceAndRateZeroAreTheIdentity() {
    Matrix x = ones();
    assertSame(x, built(new Dropout.Spec(0.5, null), 1).forward(Mode.INFER, x));
    assertSame(x, built(new AlphaDropout.Spec(0.5, null), 1).forward(Mode.INFER, x));
    assertSame(x, built(new Dropout.Spec(0, null), 1).forward(Mode.TRAIN, x));
    LayerRun d = built(new Dropout.Spec(0.5, null), 1);
    d.forward(Mode.INFER, x);
    Matrix dy = ones();
    assertSame(dy, d.backward(dy), "the output gradient is handed through");
  }

  /** On standard normal inputs (SELU's fixed point) the output keeps mean 0 and variance 1. */
  @Test
  void alphaDropoutKeepsMeanAndVariance() {
    SplittableRandom r = new SplittableRandom(3);
    float[] x = new float[N];
    for (int k = 0; k < N; k++) {
      x[k] = (float) r.nextGaussian();
    }
    double rate = 0.2;
    Matrix y = built(new AlphaDropout.Spec(rate, null), 2).forward(Mode.TRAIN, Matrix.wrap(x, N / 1000, 1000));
    double a = AlphaDropout.gain(rate);
    double saturated = a * AlphaDropout.SATURATION - a * AlphaDropout.SATURATION * rate;
    double sum = 0;
    double squares = 0;
    int dropped = 0;
    for (int k = 0; k < N; k++) {
      double v = y.data()[k];
      sum += v;
      squares += v * v;
      dropped += Math.abs(v - saturated) < 1e-6 ? 1 : 0;
    }
    double mean = sum / N;
    assertEquals(0, mean, 0.01);
    assertEquals(1, squares / N - mean * mean, 0.015);
    assertEquals(rate, dropped / (double) N, 0.005);
    assertEquals(-Selu.SCALE * Selu.ALPHA, AlphaDropout.SATURATION, 1e-15);
  }

  @Test
  void masksFollowTheSeedAndChangeFromPassToPass() {
    LayerRun a = built(new Dropout.Spec(0.5, null), 9);
    LayerRun b = built(new Dropout.Spec(0.5, null), 9);
    LayerRun c = built(new Dropout.Spec(0.5, null), 10);
    float[] ya = Arrays.copyOf(a.forward(Mode.MONTE_CARLO, ones()).data(), N);
    assertArrayEquals(ya, Arrays.copyOf(b.forward(Mode.MONTE_CARLO, ones()).data(), N), 0f);
    assertFalse(Arrays.equals(ya, Arrays.copyOf(c.forward(Mode.MONTE_CARLO, ones()).data(), N)));
    assertFalse(Arrays.equals(ya, Arrays.copyOf(a.forward(Mode.MONTE_CARLO, ones()).data(), N)));
    a.reseed(9);
    assertArrayEquals(ya, Arrays.copyOf(a.forward(Mode.MONTE_CARLO, ones()).data(), N), 0f,
        "LayerRun.of(spec, 9, ...) seeds the generator as reseed(9) does");
  }

  @Test
  void ratesOutsideZeroToOneAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout.Spec(1.5, null).name("dropout").create());
    assertEquals("Dropout(name=dropout): rate must be in [0, 1), but was 1.5", e.getMessage());
    IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> new Dropout.Spec(1, null).name("d").create());
    assertEquals("Dropout(name=d): rate must be in [0, 1), but was 1.0", one.getMessage());
    IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
        () -> new AlphaDropout.Spec(Double.NaN, null).name("alpha_dropout").create());
    assertEquals("AlphaDropout(name=alpha_dropout): rate must be in [0, 1), but was NaN", nan.getMessage());
    assertEquals(new Dropout.Spec(0.2, "x"), new Dropout.Spec(0.5, null).rate(0.2).name("x"));
  }
}
