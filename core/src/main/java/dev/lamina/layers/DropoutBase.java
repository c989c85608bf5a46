package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * What {@link Dropout} and {@link AlphaDropout} share: each element is kept with probability
 * 1 − rate, independently, and then {@code y = a · x + b} if kept, {@code y = a · dropped + b}
 * otherwise; {@code dx = a · dy} for kept elements and 0 for dropped ones. The masks come from
 * the layer's generator, seeded at build from the model's seed, so runs are reproducible. Drops in
 * {@link Mode#TRAIN} and {@link Mode#MONTE_CARLO}; the identity in {@link Mode#INFER} or when
 * rate is 0.
 */
abstract sealed class DropoutBase extends BaseLayer implements Stochastic permits Dropout, AlphaDropout {
  private final double rate;
  private final float a;
  private final float b;
  private final float droppedOutput;
  private RandomGenerator random = new SplittableRandom(0);
  private boolean dropping;
  private final Matrix gain = new Matrix(0, 0);
  private final Matrix out = new Matrix(0, 0);
  private final Matrix dx = new Matrix(0, 0);

  DropoutBase(String name, double rate, double a, double b, double dropped) {
    super(name, true);
    this.rate = rate;
    this.a = (float) a;
    this.b = (float) b;
    this.droppedOutput = (float) (a * dropped + b);
  }

  /** The probability of dropping each element, in [0, 1). */
  public final double rate() {
    return rate;
  }

  public final int[] build(int[] inputShape, RandomGenerator random) {
    this.random = new SplittableRandom(random.nextLong());
    return built(inputShape);
  }

  public final Matrix forward(Matrix x, Mode mode) {
    dropping = mode.dropsUnits() && rate > 0;
    if (!dropping) {
      return x;
    }
    float[] xd = x.data();
    float[] g = gain.reshape(x.rows(), x.cols()).data();
    float[] y = out.reshape(x.rows(), x.cols()).data();
    for (int k = 0, n = x.size(); k < n; k++) {
      boolean kept = random.nextDouble() >= rate;
      g[k] = kept ? a : 0f;
      y[k] = kept ? a * xd[k] + b : droppedOutput;
    }
    return out;
  }

  public final Matrix backward(Matrix dy, boolean inputGradient) {
    if (!dropping) {
      return dy;
    }
    if (inputGradient) {
      float[] g = gain.data();
      float[] d = dx.reshape(dy.rows(), dy.cols()).data();
      float[] dyd = dy.data();
      for (int k = 0, n = dy.size(); k < n; k++) {
        d[k] = g[k] * dyd[k];
      }
    }
    return dx;
  }

  /** Restarts the mask sequence: the next forward passes draw the same masks as after the last reseed. */
  @Override
  public final void reseed(long seed) {
    random = new SplittableRandom(seed);
  }

  /** @throws IllegalArgumentException unless 0 ≤ rate < 1 */
  static void checkRate(String type, String name, double rate) {
    if (!(rate >= 0 && rate < 1)) {
      throw new IllegalArgumentException(type + "(name=" + name + "): rate must be in [0, 1), but was " + rate);
    }
  }
}
