// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.losses.Loss;
import dev.lamina.metrics.Metric;
import java.util.List;
import java.util.Objects;

/**
 * What training asks of one output of a model (Keras' per-output {@code loss}, {@code loss_weights}
 * and {@code metrics}): its loss, the weight of that loss in the total, and its metrics. The total
 * loss is Σ weight · loss over the outputs.
 *
 * <pre>{@code
 * model.compile(Optimizers.adam().build(),
 *     Objective.of("head_class", Losses.sparseCategoricalCrossentropy(true)).metrics(Metrics.accuracy()),
 *     Objective.of("head_reg", Losses.meanSquaredError()).weight(0.5));
 * }</pre>
 *
 * @param output the name of the output: the name of the layer that produces it
 * @param loss its loss
 * @param weight the factor of its loss in the total, finite and ≥ 0; default 1
 * @param metrics reported as {@code output_metric} (as {@code metric} for a single output)
 */
public record Objective(String output, Loss loss, double weight, List<Metric> metrics) {
  /** 1: every loss counts fully unless weighted (Keras' default {@code loss_weights}). */
  public static final double DEFAULT_WEIGHT = 1;

  public Objective {
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(loss, "loss");
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("Objective(" + output + "): weight must be finite and >= 0, but was " + weight);
    }
    metrics = List.copyOf(metrics);
  }

  /** The loss of output {@code output}, weight 1, no metrics. */
  public static Objective of(String output, Loss loss) {
    return new Objective(output, loss, DEFAULT_WEIGHT, List.of());
  }

  public Objective weight(double weight) {
    return new Objective(output, loss, weight, metrics);
  }

  public Objective metrics(Metric... metrics) {
    return new Objective(output, loss, weight, List.of(metrics));
  }

  public Objective metrics(List<? extends Metric> metrics) {
    return new Objective(output, loss, weight, List.copyOf(metrics));
  }
}
