package dev.lamina.dsl;

import dev.lamina.layers.Input;
import dev.lamina.layers.LayerSpec;
import dev.lamina.model.Sequential;
import java.util.List;

/** Entry point of the DSL: builds models from {@link Layers} specifications, read top to bottom. */
public final class Network {
  private Network() {}

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
