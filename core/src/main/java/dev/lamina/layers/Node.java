// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import java.util.List;

/**
 * One application of a layer to symbolic inputs (Keras' {@code Node}): the layer, its inputs in
 * order and the output it produces. A layer applied twice has two nodes that share its weights.
 * Made only by {@link Layer#apply}.
 */
public final class Node {
  private final Layer layer;
  private final List<SymbolicTensor> inputs;
  private final int index;
  private final SymbolicTensor output;

  Node(Layer layer, List<SymbolicTensor> inputs, int index) {
    this.layer = layer;
    this.inputs = List.copyOf(inputs);
    this.index = index;
    this.output = new SymbolicTensor(layer.outputShape(), this);
  }

  public Layer layer() {
    return layer;
  }

  /** The inputs, in the order the layer was applied to them. */
  public List<SymbolicTensor> inputs() {
    return inputs;
  }

  /** The position of this node among the layer's applications (0 for the first). */
  public int index() {
    return index;
  }

  public SymbolicTensor output() {
    return output;
  }

  @Override
  public String toString() {
    return "Node(" + output.label() + " <- " + inputs.stream().map(SymbolicTensor::label).toList() + ")";
  }
}
