// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

/**
 * How a forward pass behaves. Passed explicitly to every layer (Keras' {@code training} argument);
 * there is no global flag.
 *
 * <table>
 *   <caption>What each layer does per mode</caption>
 *   <tr><th>layer</th><th>TRAIN</th><th>INFER</th><th>MONTE_CARLO</th></tr>
 *   <tr><td>Dropout, AlphaDropout, SpatialDropout2D</td><td>drop</td><td>identity</td><td>drop</td></tr>
 *   <tr><td>BatchNormalization</td><td>batch statistics, updates the moving ones</td>
 *       <td>moving statistics</td><td>moving statistics</td></tr>
 *   <tr><td>RReLU</td><td>random slopes</td><td>mean slope</td><td>mean slope</td></tr>
 * </table>
 */
public enum Mode {
  /** Training: dropout drops, batch normalisation uses (and updates) batch statistics, RReLU draws slopes. */
  TRAIN,
  /** Inference: every layer is deterministic. */
  INFER,
  /**
   * Monte Carlo dropout (Gal &amp; Ghahramani, 2016, https://arxiv.org/abs/1506.02142): dropout
   * layers drop as in {@link #TRAIN}; every other layer behaves exactly as in {@link #INFER}
   * (batch normalisation uses and keeps its moving statistics). Used by
   * {@code Sequential.predictMonteCarlo}.
   */
  MONTE_CARLO;

  /** Whether dropout layers drop units: {@link #TRAIN} and {@link #MONTE_CARLO}. */
  public boolean dropsUnits() {
    return this != INFER;
  }
}
