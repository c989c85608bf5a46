// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.layers.Graph;
import dev.lamina.layers.Input;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.SymbolicTensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A stack of layers, each feeding the next (Keras {@code Sequential}): the {@link Model} whose
 * graph is a chain. Created with its weights initialised from a seed, then {@link #compile}d and
 * {@link #fit}ted; everything a {@link Model} does works the same here.
 *
 * <pre>{@code
 * Sequential model = Sequential.of(42, Input.of(28, 28),
 *     Layers.flatten(), Layers.dense(300).activation(ELU), Layers.dense(10).activation(SOFTMAX));
 * model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().momentum(0.9).build(),
 *     Metrics.accuracy());
 * History h = model.fit(x, y, FitOptions.defaults().epochs(3));
 * }</pre>
 */
public final class Sequential extends Model {

  private Sequential(long seed, Input input, List<? extends LayerSpec> specs) {
    super(seed, chain(input, specs));
  }

  private static Graph chain(Input input, List<? extends LayerSpec> specs) {
    Objects.requireNonNull(input, "input");
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("Sequential: needs at least one layer");
    }
    SymbolicTensor h = input;
    List<String> names = names(specs);
    for (int i = 0; i < specs.size(); i++) {
      try {
        h = Objects.requireNonNull(specs.get(i), "layer spec").create().apply(h);
      } catch (IllegalArgumentException e) { // name the layer as the model would have
        String message = String.valueOf(e.getMessage()).replace("(name=?)", "(name=" + names.get(i) + ")");
        throw new IllegalArgumentException(message, e);
      }
    }
    return Graph.of(List.of(input), List.of(h));
  }

  /** The names the layers get: given, or generated Keras style in order, skipping the given ones. */
  private static List<String> names(List<? extends LayerSpec> specs) {
    Set<String> taken = new HashSet<>();
    List<String> bases = new ArrayList<>();
    for (LayerSpec spec : specs) {
      if (Objects.requireNonNull(spec, "layer spec").name() != null) {
        taken.add(spec.name());
      } else {
        bases.add(spec.baseName());
      }
    }
    Iterator<String> generated = Graph.generateNames(taken, bases).iterator();
    List<String> names = new ArrayList<>();
    for (LayerSpec spec : specs) {
      String given = spec.name();
      names.add(given != null ? given : generated.next());
    }
    return names;
  }


  /** A model initialised from {@code seed}. */
  public static Sequential of(long seed, Input input, LayerSpec... layers) {
    return new Sequential(seed, input, List.of(layers));
  }

  /** A model initialised from {@code seed}. */
  public static Sequential of(long seed, Input input, List<? extends LayerSpec> layers) {
    return new Sequential(seed, input, List.copyOf(layers));
  }

  /** A model initialised from a fresh random seed, reported by {@link #seed()}. */
  public static Sequential of(Input input, LayerSpec... layers) {
    return new Sequential(new SplittableRandom().nextLong(), input, List.of(layers));
  }

  /** A model initialised from a fresh random seed, reported by {@link #seed()}. */
  public static Sequential of(Input input, List<? extends LayerSpec> layers) {
    return new Sequential(new SplittableRandom().nextLong(), input, List.copyOf(layers));
  }

  @Override
  String kind() {
    return "Sequential";
  }

  /**
   * A new model made of copies of the first {@code count} layers, with their weights, trainable
   * flags and learning-rate multipliers, not compiled (Keras {@code Sequential(model.layers[:count])},
   * but copied: training the new model leaves this one unchanged).
   *
   * @throws IllegalArgumentException unless 0 &lt; count &le; the number of layers
   */
  public Sequential firstLayers(int count) {
    List<Layer> layers = layers();
    if (count <= 0 || count > layers.size()) {
      throw new IllegalArgumentException("Sequential.firstLayers: count must be in [1, " + layers.size() + "], but was "
          + count);
    }
    return copyOf(layers.subList(0, count), List.of(), seed());
  }

  /**
   * The layers up to and including {@code layerName}, copied as {@link #firstLayers}: a stack cut
   * is a stack.
   *
   * @throws IllegalArgumentException if there is no such layer
   */
  @Override
  public Sequential cutAt(String layerName) {
    return firstLayers(layers().indexOf(get(layerName)) + 1);
  }

  /**
   * A new model made of copies of these layers (with weights, trainable flags and learning-rate
   * multipliers) followed by new layers initialised from {@code seed}: the way to put a new head on
   * a pretrained body.
   *
   * <pre>{@code
   * Sequential bOnA = modelA.firstLayers(modelA.layers().size() - 1).append(42, Layers.dense(1, SIGMOID));
   * bOnA.freeze("dense(_[0-3])?");
   * }</pre>
   */
  public Sequential append(long seed, LayerSpec... newLayers) {
    return append(seed, List.of(newLayers));
  }

  /** As {@link #append(long, LayerSpec...)}. */
  public Sequential append(long seed, List<? extends LayerSpec> newLayers) {
    return copyOf(layers(), newLayers, seed);
  }

  private Sequential copyOf(List<Layer> kept, List<? extends LayerSpec> added, long newSeed) {
    List<LayerSpec> specs = new ArrayList<>();
    kept.forEach(l -> specs.add(l.spec()));
    specs.addAll(added);
    Sequential copy = new Sequential(newSeed, Input.named(input().name(), input().shape()), specs);
    for (Layer l : kept) {
      copy.setWeights(l.name(), getWeights(l.name()));
    }
    copy.copyTrainingFlags(kept);
    return copy;
  }

  /**
   * A new model with the same layers (names, configuration, trainable flags, learning-rate
   * multipliers) and freshly initialised weights, not compiled (Keras {@code clone_model}).
   */
  @Override
  public Sequential cloneArchitecture(long seed) {
    Sequential clone = new Sequential(seed, Input.named(input().name(), input().shape()),
        layers().stream().map(Layer::spec).toList());
    clone.copyTrainingFlags(layers());
    return clone;
  }

  /**
   * A new model with the same layers (trainable flags and learning-rate multipliers included) and a
   * copy of the weights; training it leaves this one unchanged.
   */
  @Override
  public Sequential copy() {
    Sequential clone = cloneArchitecture(seed());
    clone.copyWeightsFrom(this);
    return clone;
  }
}
