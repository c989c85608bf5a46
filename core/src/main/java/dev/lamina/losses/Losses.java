// SPDX-License-Identifier: Apache-2.0

package dev.lamina.losses;

/**
 * The losses, by their Keras names. Defaults follow Keras: cross-entropies read probabilities
 * unless {@code fromLogits} is true (PyTorch's losses read logits: pass {@code true} when porting).
 */
public final class Losses {
  private Losses() {}

  public static Loss meanSquaredError() {
    return new MeanSquaredError();
  }

  public static Loss huber() {
    return new Huber(Huber.DEFAULT_DELTA);
  }

  public static Loss huber(double delta) {
    return new Huber(delta);
  }

  public static ProbabilisticLoss binaryCrossentropy() {
    return new BinaryCrossentropy(false);
  }

  public static ProbabilisticLoss binaryCrossentropy(boolean fromLogits) {
    return new BinaryCrossentropy(fromLogits);
  }

  public static ProbabilisticLoss categoricalCrossentropy() {
    return new CategoricalCrossentropy(false);
  }

  public static ProbabilisticLoss categoricalCrossentropy(boolean fromLogits) {
    return new CategoricalCrossentropy(fromLogits);
  }

  public static ProbabilisticLoss sparseCategoricalCrossentropy() {
    return new SparseCategoricalCrossentropy(false);
  }

  public static ProbabilisticLoss sparseCategoricalCrossentropy(boolean fromLogits) {
    return new SparseCategoricalCrossentropy(fromLogits);
  }

  /** Every loss in both forms, for contract tests. */
  public static java.util.List<Loss> all() {
    return java.util.List.of(meanSquaredError(), huber(), binaryCrossentropy(), binaryCrossentropy(true),
        categoricalCrossentropy(), categoricalCrossentropy(true), sparseCategoricalCrossentropy(),
        sparseCategoricalCrossentropy(true));
  }
}
