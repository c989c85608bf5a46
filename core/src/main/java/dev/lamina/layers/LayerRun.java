// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * One layer run on its own, outside a model: built for the given input shapes, its weights
 * initialised from a seed, with one {@link Frame} to run forward and backward in. For testing
 * layers, Lamina's and one's own ({@link GradientCheck} runs on it).
 *
 * <pre>{@code
 * LayerRun run = LayerRun.of(Layers.dense(3).activation(TANH), 42, new int[] {4});
 * Matrix y = run.forward(Mode.TRAIN, x);              // x: [batch, 4]
 * Matrix dx = run.backward(dy);                        // fills run.layer().parameters() gradients
 * }</pre>
 */
public final class LayerRun {
  private final Layer layer;
  private final Executor executor;
  private final Matrix[] gradients = new Matrix[1];
  private final boolean[] fromPreActivation = new boolean[1];

  private LayerRun(Layer layer, Executor executor) {
    this.layer = layer;
    this.executor = executor;
  }

  /**
   * Creates the layer from {@code spec} (or takes it, if it is a layer not applied yet), applies it
   * to inputs of the given per-sample shapes, initialises its weights from {@code seed} and seeds
   * the frame's generator ({@link #reseed}) from it too, so runs with other seeds draw other masks.
   *
   * @throws IllegalArgumentException if the shapes do not suit the layer
   */
  public static LayerRun of(LayerSpec spec, long seed, int[]... inputShapes) {
    Layer layer = spec.create();
    List<Input> inputs = new ArrayList<>();
    for (int[] shape : inputShapes) {
      inputs.add(Input.of(shape));
    }
    SymbolicTensor out = layer.apply(inputs);
    Graph graph = Graph.of(inputs, List.of(out));
    graph.initialize(seed);
    LayerRun run = new LayerRun(layer, new Executor(graph));
    run.reseed(seed);
    return run;
  }

  /** The layer, built and initialised. */
  public Layer layer() {
    return layer;
  }

  /** The frame the layer runs in. */
  public Frame frame() {
    return executor.frame(0);
  }

  /** Restarts the frame's generator (dropout masks): the next forward draws what it drew after the last reseed. */
  public void reseed(long seed) {
    executor.reseed(seed, 0);
  }

  /** The output for the given inputs ([batch, features] each, read in place), in {@code mode}. */
  public Matrix forward(Mode mode, Matrix... inputs) {
    for (int i = 0; i < inputs.length; i++) {
      executor.setInput(i, inputs[i]);
    }
    executor.forward(mode);
    return executor.output(0);
  }

  /**
   * Back-propagates {@code outputGradient} through the latest forward pass: fills the gradients
   * of the trainable parameters and returns the gradient of the first input.
   */
  public Matrix backward(Matrix outputGradient) {
    return backward(outputGradient, false);
  }

  /**
   * As {@link #backward(Matrix)}, given the gradient with respect to the pre-activation of an
   * {@link Activated} layer (what training does for a softmax fused with its cross-entropy).
   */
  public Matrix backwardFromPreActivation(Matrix preActivationGradient) {
    return backward(preActivationGradient, true);
  }

  /**
   * As {@link #backward(Matrix)}, but with no input gradient asked for
   * ({@link Frame#needsInputGradient(int)} false, as for the first layer of a model): fills the
   * parameter gradients only.
   */
  void backwardWithoutInputGradients(Matrix outputGradient) {
    gradients[0] = outputGradient;
    fromPreActivation[0] = false;
    executor.backward(gradients, fromPreActivation, false);
  }

  private Matrix backward(Matrix gradient, boolean preActivation) {
    gradients[0] = gradient;
    fromPreActivation[0] = preActivation;
    executor.backward(gradients, fromPreActivation, true);
    return executor.inputGradient(0);
  }

  /** The gradient of input {@code i} after {@link #backward}. */
  public Matrix inputGradient(int i) {
    return executor.inputGradient(i);
  }
}
