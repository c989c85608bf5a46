// SPDX-License-Identifier: Apache-2.0

package dev.lamina.testing;

import dev.lamina.tensor.Tensor;
import java.util.SplittableRandom;

/** A small classification problem for tests: the class is the index of the largest of 4 N(0,1) inputs. */
public final class ToyProblem {
  private ToyProblem() {}

  /** Inputs [samples, 4] and class indices [samples], seeded. */
  public static Tensor[] data(int samples, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[samples * 4];
    float[] y = new float[samples];
    for (int i = 0; i < samples; i++) {
      int best = 0;
      for (int j = 0; j < 4; j++) {
        x[i * 4 + j] = (float) r.nextGaussian();
        if (x[i * 4 + j] > x[i * 4 + best]) {
          best = j;
        }
      }
      y[i] = best;
    }
    return new Tensor[] {Tensor.of(x, samples, 4), Tensor.of(y, samples)};
  }
}
