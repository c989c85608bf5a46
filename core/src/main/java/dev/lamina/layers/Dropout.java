// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import org.jspecify.annotations.Nullable;

/**
 * Inverted dropout (Srivastava et al., 2014, https://jmlr.org/papers/v15/srivastava14a.html), as
 * Keras: in training each element is dropped (set to 0) with probability {@code rate} and the kept
 * ones are scaled by 1 / (1 − rate), so the expected output equals the input; in inference the
 * layer is the identity. Also drops in {@link Mode#MONTE_CARLO} (MC dropout).
 *
 * <pre>{@code
 * Layers.dense(300).activation(ELU), Layers.dropout(0.2)
 * }</pre>
 */
public final class Dropout extends DropoutBase {

  private Dropout(@Nullable String name, double rate) {
    super(name, rate, 1 / (1 - rate), 0, 0);
  }

  @Override
  public String type() {
    return "Dropout";
  }

  @Override
  public Spec spec() {
    return new Spec(rate(), name());
  }

  /**
   * The configuration of a {@link Dropout} layer.
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
      return "dropout";
    }

    @Override
    public Dropout create() {
      checkRate("Dropout", Layer.label(name), rate);
      return new Dropout(name, rate);
    }
  }
}
