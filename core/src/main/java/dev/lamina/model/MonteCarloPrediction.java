// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.tensor.Tensor;
import java.util.Objects;

/**
 * What {@link Sequential#predictMonteCarlo} returns: per sample and output, the mean and the
 * standard deviation over the stochastic forward passes (population form, divided by the number
 * of passes, as NumPy's {@code std}).
 *
 * @param mean [samples, …output shape]
 * @param standardDeviation [samples, …output shape]
 * @param passes the number of forward passes averaged
 */
public record MonteCarloPrediction(Tensor mean, Tensor standardDeviation, int passes) {
  public MonteCarloPrediction {
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(standardDeviation, "standardDeviation");
  }
}
