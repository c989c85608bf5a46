package dev.lamina.model;

import dev.lamina.tensor.Tensor;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link Sequential#fit} trains: an immutable value whose methods named after a property
 * return a changed copy.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.defaults().epochs(3).batchSize(32).validationSplit(0.1).seed(42));
 * }</pre>
 *
 * Defaults as Keras: 1 epoch, batch 32, shuffled every epoch, no validation, progress printed.
 *
 * @param epochs passes over the training data, > 0
 * @param batchSize samples per gradient update, > 0
 * @param shuffle whether to shuffle the training samples before each epoch
 * @param seed seeds shuffling; null derives it from the model's seed
 * @param validationX validation inputs, or null
 * @param validationY validation targets, or null
 * @param validationSplit the fraction in [0, 1) of the training data, taken from the end before
 *     shuffling (as Keras), held out for validation; ignored when validation data is given
 * @param verbose whether to print one progress line per epoch
 */
public record FitOptions(int epochs, int batchSize, boolean shuffle, @Nullable Long seed,
    @Nullable Tensor validationX, @Nullable Tensor validationY, double validationSplit, boolean verbose) {

  /** 32, Keras' default batch size. */
  public static final int DEFAULT_BATCH_SIZE = 32;

  public FitOptions {
    if (epochs <= 0) {
      throw new IllegalArgumentException("fit: epochs must be > 0, but was " + epochs);
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("fit: batchSize must be > 0, but was " + batchSize);
    }
    if (!(validationSplit >= 0 && validationSplit < 1)) {
      throw new IllegalArgumentException("fit: validationSplit must be in [0, 1), but was " + validationSplit);
    }
    if ((validationX == null) != (validationY == null)) {
      throw new IllegalArgumentException("fit: validation data needs both inputs and targets");
    }
  }

  /** Keras' defaults. */
  public static FitOptions defaults() {
    return new FitOptions(1, DEFAULT_BATCH_SIZE, true, null, null, null, 0, true);
  }

  public FitOptions epochs(int epochs) {
    return new FitOptions(epochs, batchSize, shuffle, seed, validationX, validationY, validationSplit, verbose);
  }

  public FitOptions batchSize(int batchSize) {
    return new FitOptions(epochs, batchSize, shuffle, seed, validationX, validationY, validationSplit, verbose);
  }

  public FitOptions shuffle(boolean shuffle) {
    return new FitOptions(epochs, batchSize, shuffle, seed, validationX, validationY, validationSplit, verbose);
  }

  public FitOptions seed(long seed) {
    return new FitOptions(epochs, batchSize, shuffle, seed, validationX, validationY, validationSplit, verbose);
  }

  public FitOptions validationData(Tensor x, Tensor y) {
    return new FitOptions(epochs, batchSize, shuffle, seed, Objects.requireNonNull(x), Objects.requireNonNull(y),
        validationSplit, verbose);
  }

  public FitOptions validationSplit(double validationSplit) {
    return new FitOptions(epochs, batchSize, shuffle, seed, validationX, validationY, validationSplit, verbose);
  }

  public FitOptions verbose(boolean verbose) {
    return new FitOptions(epochs, batchSize, shuffle, seed, validationX, validationY, validationSplit, verbose);
  }
}
