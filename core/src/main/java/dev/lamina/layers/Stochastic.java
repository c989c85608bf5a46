package dev.lamina.layers;

/**
 * A layer that draws random numbers in training: {@link Dropout}, {@link AlphaDropout} and
 * {@link RReLU}. Each owns a generator, seeded at build from the model's seed.
 *
 * <p>{@code Sequential.fit} reseeds every such layer at the start of each epoch from (model seed,
 * layer index, epoch), as it does its shuffling. The random numbers of an epoch then depend only
 * on those three values, so training resumed from a checkpoint at epoch k draws exactly what an
 * uninterrupted run draws, and no generator state needs saving.
 */
public interface Stochastic {

  /** Restarts this layer's generator: the next draws depend only on {@code seed}. */
  void reseed(long seed);
}
