package dev.lamina.callbacks;

import dev.lamina.model.Sequential;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Saves a checkpoint ({@link Sequential#saveCheckpoint}) at the end of every epoch, or only when
 * the monitored quantity improves on the best so far, as Keras' {@code ModelCheckpoint}. The
 * checkpoint holds everything resumed training needs: weights, optimizer state, the number of
 * epochs done and the seed. Each save replaces the file atomically.
 *
 * <p>Defaults (Keras): every epoch (saveBestOnly false), monitor {@link Monitor#VAL_LOSS},
 * {@link Mode#AUTO}.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.defaults().epochs(10).callbacks(ModelCheckpoint.builder(path).build()));
 * // later, in a new process:
 * int done = model.loadCheckpoint(path);
 * model.fit(x, y, FitOptions.defaults().epochs(10).initialEpoch(done));
 * }</pre>
 */
public final class ModelCheckpoint implements Callback {
  private final Path path;
  private final boolean saveBestOnly;
  private final Improvement improvement;
  private double best;

  private ModelCheckpoint(Builder b) {
    this.path = b.path;
    this.saveBestOnly = b.saveBestOnly;
    this.improvement = new Improvement("ModelCheckpoint", b.monitor, b.mode, 0);
  }

  /** A builder for checkpoints written to {@code path}. */
  public static Builder builder(Path path) {
    return new Builder(path);
  }

  @Override
  public void onTrainBegin(TrainBegin event) {
    best = improvement.worst();
  }

  /** @throws java.io.UncheckedIOException if the file cannot be written */
  @Override
  public void onEpochEnd(EpochEnd event) {
    if (saveBestOnly) {
      double current = improvement.valueIn(event);
      if (!improvement.test(current, best)) {
        return;
      }
      best = current;
    }
    event.model().saveCheckpoint(path, event.epoch() + 1);
  }

  /** Configures a {@link ModelCheckpoint}; each method validates and returns this builder. */
  public static final class Builder {
    private final Path path;
    private boolean saveBestOnly;
    private Monitor monitor = Monitor.VAL_LOSS;
    private Mode mode = Mode.AUTO;

    private Builder(Path path) {
      this.path = Objects.requireNonNull(path, "path");
    }

    /** Whether to save only when the monitored quantity improves; default false (every epoch). */
    public Builder saveBestOnly(boolean saveBestOnly) {
      this.saveBestOnly = saveBestOnly;
      return this;
    }

    /** The quantity watched under saveBestOnly; default {@link Monitor#VAL_LOSS}. */
    public Builder monitor(Monitor monitor) {
      this.monitor = Objects.requireNonNull(monitor, "monitor");
      return this;
    }

    /** Whether the quantity should fall or rise; default {@link Mode#AUTO}. */
    public Builder mode(Mode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * The callback.
     *
     * @throws IllegalArgumentException if mode is AUTO and the monitor's name gives no direction
     */
    public ModelCheckpoint build() {
      return new ModelCheckpoint(this);
    }
  }
}
