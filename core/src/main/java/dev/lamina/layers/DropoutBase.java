// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import org.jspecify.annotations.Nullable;
import java.util.random.RandomGenerator;

/**
 * What {@link Dropout} and {@link AlphaDropout} share: each element is kept with probability
 * 1 − rate, independently, and then {@code y = a · x + b} if kept, {@code y = a · dropped + b}
 * otherwise; {@code dx = a · dy} for kept elements and 0 for dropped ones. The masks come from
 * the frame's generator, reseeded by the model at every epoch, so runs are reproducible. Drops in
 * {@link Mode#TRAIN} and {@link Mode#MONTE_CARLO}; the identity in {@link Mode#INFER} or when
 * rate is 0.
 */
abstract sealed class DropoutBase extends Layer implements Stochastic permits Dropout, AlphaDropout {
  private final double rate;
  private final float a;
  private final float b;
  private final float droppedOutput;

  DropoutBase(@Nullable String name, double rate, double a, double b, double dropped) {
    super(name);
    this.rate = rate;
    this.a = (float) a;
    this.b = (float) b;
    this.droppedOutput = (float) (a * dropped + b);
  }

  /** The probability of dropping each element, in [0, 1). */
  public final double rate() {
    return rate;
  }

  @Override
  protected final int[] build(int[] inputShape) {
    return inputShape;
  }

  /** The gains of the latest forward pass (a if kept, 0 if dropped), and whether it dropped. */
  private static final class Mask {
    final Matrix gain = new Matrix(0, 0);
    boolean dropping;
  }

  @Override
  public final Matrix forward(Frame f, Mode mode) {
    Matrix x = f.input();
    Mask mask = f.state(Mask::new);
    mask.dropping = mode.dropsUnits() && rate > 0;
    if (!mask.dropping) {
      return x;
    }
    RandomGenerator random = f.random();
    float[] xd = x.data();
    float[] g = mask.gain.reshape(x.rows(), x.cols()).data();
    Matrix out = f.output(x.rows(), x.cols());
    float[] y = out.data();
    for (int k = 0, n = x.size(); k < n; k++) {
      boolean kept = random.nextDouble() >= rate;
      g[k] = kept ? a : 0f;
      y[k] = kept ? a * xd[k] + b : droppedOutput;
    }
    return out;
  }

  @Override
  public final void backward(Frame f, Matrix dy) {
    Mask mask = f.state(Mask::new);
    if (!mask.dropping) {
      f.passInputGradient(0, dy);
      return;
    }
    if (f.needsInputGradient()) {
      float[] g = mask.gain.data();
      float[] d = f.inputGradient().data();
      float[] dyd = dy.data();
      for (int k = 0, n = dy.size(); k < n; k++) {
        d[k] = g[k] * dyd[k];
      }
    }
  }

  /** @throws IllegalArgumentException unless 0 ≤ rate < 1 */
  static void checkRate(String type, String name, double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(type + "(name=" + name + "): rate must be in [0, 1), but was " + rate);
    }
  }
}
