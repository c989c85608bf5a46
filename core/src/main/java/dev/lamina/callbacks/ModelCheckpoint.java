// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import dev.lamina.model.Model;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Saves a checkpoint ({@link Model#saveCheckpoint}) at the end of every epoch, or only when
 * the monitored quantity improves on the best so far, as Keras' {@code ModelCheckpoint}. The
 * checkpoint holds everything resumed training needs: weights, optimizer state, the number of
 * epochs done, the seed, and the state of the fit's callbacks ({@link Callback#resumeState()}), so
 * that a resumed {@link EarlyStopping} goes on counting where it was. Each save replaces the file atomically, creating its folder if needed.
 *
 * <p>The file path may hold placeholders, filled in at each save as Keras'
 * {@code filepath.format(epoch=epoch + 1, **logs)}: {@code {epoch}} is the 1-based epoch, any
 * other name a logged value ({@code {val_loss}}, {@code {accuracy}}, or one a callback before this
 * one added, such as {@code {learning_rate}}). A placeholder may carry a format: {@code d} for the
 * epoch ({@code {epoch:02d}}), {@code f} or {@code e} for any ({@code {val_loss:.2f}},
 * {@code {loss:.4e}}), each with an optional zero flag, width and precision as in Python
 * ({@code [0][width][.precision]type}); without a format a value is written as Python's
 * {@code str(float)} ({@code 0.25}, {@code 1e-05}). Doubled braces stand for one
 * (<code>&#123;&#123;</code>, <code>&#125;&#125;</code>). Other formats, conversions ({@code !r}) and unpaired braces are refused when the callback is
 * built; a name that was not logged when the epoch ends fails then, naming the placeholder.
 *
 * <p>No checkpoint is saved for an epoch that training stopped in its middle
 * ({@link EpochEnd#complete()} false, as after {@link TerminateOnNaN}), nor when the epoch's loss
 * or, with saveBestOnly, the monitored value is NaN or infinite: the last good checkpoint stays,
 * and its epoch count stays that of a whole epoch. (Keras would save the diverged weights.)
 *
 * <p>Defaults (Keras): every epoch (saveBestOnly false), monitor {@link Monitor#VAL_LOSS},
 * {@link MonitorMode#AUTO}, no initialValueThreshold. The best value is reset when each fit begins (to
 * initialValueThreshold if given).
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.defaults().epochs(10).callbacks(ModelCheckpoint.builder(path).build()));
 * // later, in a new process:
 * int done = model.loadCheckpoint(path);
 * model.fit(x, y, FitOptions.defaults().epochs(10).initialEpoch(done));
 * // one file per epoch, named by its validation loss:
 * ModelCheckpoint.builder("ckpt/model-{epoch:02d}-{val_loss:.3f}.ckpt").build();
 * }</pre>
 */
public final class ModelCheckpoint implements Callback {
  private final FileSystem fileSystem;
  private final String filepath;
  /** The file when the path has no placeholder. */
  private final @Nullable Path path;
  /** The path's placeholders; null when it has none. */
  private final @Nullable PathTemplate template;
  private final boolean saveBestOnly;
  /** Non-null only with saveBestOnly: a checkpoint saved every epoch resolves no direction. */
  private final @Nullable Improvement improvement;
  private final @Nullable Double initialValueThreshold;
  private double best;

  private ModelCheckpoint(Builder b) {
    this.fileSystem = b.fileSystem;
    this.filepath = b.filepath;
    this.template = PathTemplate.parse(filepath);
    this.path = template != null ? null : b.path != null ? b.path : fileSystem.getPath(filepath);
    this.saveBestOnly = b.saveBestOnly;
    this.improvement = b.saveBestOnly ? new Improvement("ModelCheckpoint", b.monitor, b.mode, 0) : null;
    this.initialValueThreshold = b.initialValueThreshold;
    if (initialValueThreshold != null && !saveBestOnly) {
      throw new IllegalStateException("ModelCheckpoint: initialValueThreshold applies only with saveBestOnly(true)");
    }
  }

  /** A builder for checkpoints written to {@code path}, which may hold placeholders. */
  public static Builder builder(Path path) {
    Objects.requireNonNull(path, "path");
    return new Builder(path.toString(), path.getFileSystem(), path);
  }

  /**
   * A builder for checkpoints written to {@code filepath}, which may hold placeholders (as a string,
   * since a path with {@code ':'} in it cannot be a {@link Path} on Windows).
   */
  public static Builder builder(String filepath) {
    Objects.requireNonNull(filepath, "filepath");
    return new Builder(filepath, FileSystems.getDefault(), null);
  }

  @Override
  public void onTrainBegin(TrainBegin event) {
    if (improvement != null) {
      best = initialValueThreshold != null ? initialValueThreshold : improvement.worst();
    }
  }

  /**
   * Saves the checkpoint, unless the epoch was cut short, its loss or monitored value is not
   * finite, or (with saveBestOnly) the monitored value does not improve on the best.
   *
   * @throws IllegalStateException if saveBestOnly's monitor, or a placeholder's name, was not logged
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  @Override
  public void onEpochEnd(EpochEnd event) {
    if (!event.complete() || event.has("loss") && !Double.isFinite(event.loss())) {
      return;
    }
    if (improvement != null) {
      double current = improvement.valueIn(event);
      if (!Double.isFinite(current) || !improvement.test(current, best)) {
        return;
      }
      best = current;
    }
    event.model().saveCheckpoint(fileFor(event), event.epoch() + 1);
  }

  /** The file of this epoch's checkpoint: the path with its placeholders filled in. */
  Path fileFor(EpochEnd event) {
    return template == null ? Objects.requireNonNull(path, "path") : fileSystem.getPath(template.fill(event));
  }

  /** Configures a {@link ModelCheckpoint}; each method validates and returns this builder. */
  public static final class Builder {
    private final String filepath;
    private final FileSystem fileSystem;
    private final @Nullable Path path;
    private boolean saveBestOnly;
    private Monitor monitor = Monitor.VAL_LOSS;
    private MonitorMode mode = MonitorMode.AUTO;
    private @Nullable Double initialValueThreshold;

    private Builder(String filepath, FileSystem fileSystem, @Nullable Path path) {
      this.filepath = filepath;
      this.fileSystem = fileSystem;
      this.path = path;
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

    /** Whether the quantity should fall or rise under saveBestOnly; default {@link MonitorMode#AUTO}. */
    public Builder mode(MonitorMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * The best value to start from under saveBestOnly (Keras {@code initial_value_threshold}): the
     * first checkpoint is saved only for a value that improves on it. Resumed training passes the
     * best value of the earlier run, so that a worse epoch does not overwrite its checkpoint.
     * Default none: any finite value improves. Unlike Keras, which ignores it then, it is refused
     * without saveBestOnly.
     *
     * @throws IllegalArgumentException if the threshold is not finite
     */
    public Builder initialValueThreshold(double threshold) {
      if (!Double.isFinite(threshold)) {
        throw new IllegalArgumentException("ModelCheckpoint: initialValueThreshold must be finite, but was "
            + threshold);
      }
      this.initialValueThreshold = threshold;
      return this;
    }

    /**
     * The callback.
     *
     * @throws IllegalArgumentException if saveBestOnly is set, mode is AUTO and the monitor's name
     *     gives no direction, or if the path has an unpaired brace or an unsupported placeholder
     * @throws IllegalStateException if initialValueThreshold is set without saveBestOnly
     */
    public ModelCheckpoint build() {
      return new ModelCheckpoint(this);
    }
  }
}
