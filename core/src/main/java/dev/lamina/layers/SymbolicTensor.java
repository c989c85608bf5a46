// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A value of a model's graph before any data flows: a per-sample shape and the {@link Node} that
 * produces it (Keras' {@code KerasTensor}). Made by {@link Input#of} and by applying layers;
 * immutable. Two applications never share a symbolic tensor, so the graph has no cycles.
 */
public sealed class SymbolicTensor permits Input {
  private static final AtomicLong CREATED = new AtomicLong();
  private final int[] shape;
  private final @Nullable Node node;
  /** The order of creation: a topological order of every graph, and the order of generated names. */
  private final long sequence = CREATED.getAndIncrement();

  SymbolicTensor(int[] shape, @Nullable Node node) {
    this.shape = shape.clone();
    this.node = node;
  }

  /** A copy of the per-sample shape, without the batch axis. */
  public final int[] shape() {
    return shape.clone();
  }

  /** The number of values per sample. */
  public final int size() {
    return Layer.features(shape);
  }

  /** The node whose output this is, or null for an {@link Input}. */
  public final @Nullable Node node() {
    return node;
  }

  /** The layer that produces this value, or null for an {@link Input}. */
  public final @Nullable Layer layer() {
    return node == null ? null : node.layer();
  }

  final long sequence() {
    return sequence;
  }

  /** What {@code summary()} and error messages call this value: {@code dense_1} or the input's name. */
  public String label() {
    Node n = node;
    if (n == null) {
      return "?";
    }
    Layer l = n.layer();
    String name = l.hasName() ? l.name() : l.type();
    return n.index() == 0 ? name : name + "[" + n.index() + "]";
  }

  @Override
  public String toString() {
    return "SymbolicTensor(" + label() + ", shape=" + Arrays.toString(shape) + ")";
  }
}
