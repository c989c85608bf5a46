// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.activations.Selu;
import org.jspecify.annotations.Nullable;

/**
 * Alpha dropout (Klambauer et al., 2017, https://arxiv.org/abs/1706.02515), as Keras: keeps the
 * mean and variance of SELU activations so that a self-normalising network stays normalised. In
 * training each element is set to SELU's negative saturation α' = −scale · α (−1.7581) with
 * probability {@code rate}, then an affine correction restores mean 0 and variance 1:
 *
 * <pre>
 * a = ((1 − rate) · (1 + rate · α'²))^(−1/2),   b = −a · α' · rate
 * y = a · x + b           (kept, probability 1 − rate)
 * y = a · α' + b          (dropped)
 * dx = a · dy if kept, 0 if dropped
 * </pre>
 *
 * The identity in inference; also drops in {@link Mode#MONTE_CARLO}.
 */
public final class AlphaDropout extends DropoutBase {
  /** α' = −scale · α, SELU's negative saturation value. */
  public static final double SATURATION = -Selu.SCALE * Selu.ALPHA;

  private AlphaDropout(@Nullable String name, double rate) {
    super(name, rate, gain(rate), -gain(rate) * SATURATION * rate, SATURATION);
  }

  /** a = ((1 − rate)(1 + rate · α'²))^(−1/2). */
  static double gain(double rate) {
    return 1 / Math.sqrt((1 - rate) * (1 + rate * SATURATION * SATURATION));
  }

  @Override
  public String type() {
    return "AlphaDropout";
  }

  @Override
  public Spec spec() {
    return new Spec(rate(), name());
  }

  /**
   * The configuration of an {@link AlphaDropout} layer.
   *
   * @param rate the probability of dropping each element, in [0, 1)
   */
  public record Spec(double rate, @Nullable String name) implements LayerSpec {
    public Spec rate(double rate) {
      return new Spec(rate, name);
    }

    public Spec name(String name) {
      return new Spec(rate, name);
    }

    @Override
    public String baseName() {
      return "alpha_dropout";
    }

    @Override
    public AlphaDropout create() {
      checkRate("AlphaDropout", Layer.label(name), rate);
      return new AlphaDropout(name, rate);
    }
  }
}
