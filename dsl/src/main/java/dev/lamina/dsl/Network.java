// SPDX-License-Identifier: Apache-2.0

package dev.lamina.dsl;

import dev.lamina.layers.Input;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.model.Model;
import dev.lamina.model.Sequential;
import java.util.List;

/**
 * Entry point of the DSL: builds models from {@link Layers} specifications, read top to bottom,
 * as a stack ({@link #sequential}) or as a graph of layers applied to symbolic tensors
 * ({@link #model}):
 *
 * <pre>{@code
 * Input x = input(784);
 * SymbolicTensor h = dense(64).activation(RELU).apply(x);
 * SymbolicTensor r = add().apply(h, dense(64).activation(RELU).apply(h));
 * Model model = Network.model(42, x, dense(10).activation(SOFTMAX).apply(r));
 * }</pre>
 */
public final class Network {
  private Network() {}

  /** A functional model from {@code input} to {@code output}; new layers are initialised from {@code seed}. */
  public static Model model(long seed, Input input, SymbolicTensor output) {
    return Model.of(seed, input, output);
  }

  /** A functional model of several inputs or outputs (Keras {@code keras.Model(inputs, outputs)}). */
  public static Model model(long seed, List<Input> inputs, List<? extends SymbolicTensor> outputs) {
    return Model.of(seed, inputs, outputs);
  }

  /** A sequential model whose weights are initialised from {@code seed}. */
  public static Sequential sequential(long seed, Input input, LayerSpec... layers) {
    return Sequential.of(seed, input, layers);
  }

  /** A sequential model whose weights are initialised from {@code seed}. */
  public static Sequential sequential(long seed, Input input, List<? extends LayerSpec> layers) {
    return Sequential.of(seed, input, layers);
  }

  /** A sequential model initialised from a fresh random seed ({@link Sequential#seed()} tells it). */
  public static Sequential sequential(Input input, LayerSpec... layers) {
    return Sequential.of(input, layers);
  }

  /** A sequential model initialised from a fresh random seed. */
  public static Sequential sequential(Input input, List<? extends LayerSpec> layers) {
    return Sequential.of(input, layers);
  }
}
