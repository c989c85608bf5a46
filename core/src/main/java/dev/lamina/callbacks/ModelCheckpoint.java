package dev.lamina.callbacks;

import dev.lamina.model.Sequential;
import java.math.BigDecimal;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Saves a checkpoint ({@link Sequential#saveCheckpoint}) at the end of every epoch, or only when
 * the monitored quantity improves on the best so far, as Keras' {@code ModelCheckpoint}. The
 * checkpoint holds everything resumed training needs: weights, optimizer state, the number of
 * epochs done and the seed. Each save replaces the file atomically, creating its folder if needed.
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
 * {@link Mode#AUTO}, no initialValueThreshold. The best value is reset when each fit begins (to
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
  private static final Pattern SPEC = Pattern.compile("(0)?([1-9][0-9]*)?(?:\\.([0-9]+))?([dfe])");

  private final FileSystem fileSystem;
  private final String filepath;
  /** The file when the path has no placeholder. */
  private final @Nullable Path path;
  /** The path's pieces: literal text, or a placeholder; null when it has no placeholder. */
  private final @Nullable List<Piece> template;
  private final boolean saveBestOnly;
  /** Non-null only with saveBestOnly: a checkpoint saved every epoch resolves no direction. */
  private final @Nullable Improvement improvement;
  private final @Nullable Double initialValueThreshold;
  private double best;

  private ModelCheckpoint(Builder b) {
    this.fileSystem = b.fileSystem;
    this.filepath = b.filepath;
    this.template = parse(filepath);
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
    if (template == null) {
      return Objects.requireNonNull(path, "path");
    }
    StringBuilder name = new StringBuilder();
    for (Piece piece : template) {
      if (piece.name == null) {
        name.append(piece.text);
      } else if (piece.name.equals("epoch")) {
        name.append(piece.format(event.epoch() + 1));
      } else if (event.has(piece.name)) {
        name.append(piece.format(event.get(piece.name)));
      } else {
        throw new IllegalStateException("ModelCheckpoint: placeholder " + piece.text + " in \"" + filepath
            + "\" names no logged value; logged are " + event.logs().keySet() + " and epoch"
            + (piece.name.startsWith("val_") ? "; validation needs FitOptions.validationData or validationSplit" : ""));
      }
    }
    return fileSystem.getPath(name.toString());
  }

  /** The pieces of a path with placeholders, or null if it has none. */
  private static @Nullable List<Piece> parse(String filepath) {
    if (filepath.indexOf('{') < 0 && filepath.indexOf('}') < 0) {
      return null;
    }
    List<Piece> pieces = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < filepath.length(); i++) {
      char c = filepath.charAt(i);
      if (c == '}') {
        if (i + 1 < filepath.length() && filepath.charAt(i + 1) == '}') {
          text.append('}');
          i++;
          continue;
        }
        throw new IllegalArgumentException("ModelCheckpoint: a single '}' at index " + i + " of \"" + filepath
            + "\"; write }} for a brace");
      }
      if (c != '{') {
        text.append(c);
        continue;
      }
      if (i + 1 < filepath.length() && filepath.charAt(i + 1) == '{') {
        text.append('{');
        i++;
        continue;
      }
      int end = filepath.indexOf('}', i);
      if (end < 0) {
        throw new IllegalArgumentException("ModelCheckpoint: the '{' at index " + i + " of \"" + filepath
            + "\" is not closed; write {{ for a brace");
      }
      pieces.add(new Piece(text.toString(), null, null));
      text.setLength(0);
      pieces.add(placeholder(filepath.substring(i, end + 1), filepath));
      i = end;
    }
    pieces.add(new Piece(text.toString(), null, null));
    return pieces;
  }

  private static Piece placeholder(String placeholder, String filepath) {
    String field = placeholder.substring(1, placeholder.length() - 1);
    int colon = field.indexOf(':');
    String name = colon < 0 ? field : field.substring(0, colon);
    String spec = colon < 0 ? "" : field.substring(colon + 1);
    if (name.isBlank() || name.contains("!") || name.contains("{") || name.contains("[") || name.contains(".")) {
      throw new IllegalArgumentException("ModelCheckpoint: unsupported placeholder " + placeholder + " in \"" + filepath
          + "\"; a placeholder is {name} or {name:format}, name being epoch or a logged value");
    }
    if (spec.isEmpty()) {
      return new Piece(placeholder, name, null);
    }
    Matcher m = SPEC.matcher(spec);
    boolean epoch = name.equals("epoch");
    if (!m.matches() || m.group(4).equals("d") && (!epoch || m.group(3) != null)) {
      throw new IllegalArgumentException("ModelCheckpoint: unsupported format '" + spec + "' in placeholder "
          + placeholder + " of \"" + filepath + "\"; supported are [0][width][.precision] then f or e"
          + (epoch ? ", or [0][width]d for the epoch" : " (d only for the epoch)"));
    }
    String width = m.group(2) == null ? "" : (m.group(1) != null ? "0" : "") + m.group(2);
    String precision = m.group(3) == null ? "" : "." + m.group(3);
    return new Piece(placeholder, name, "%" + width + precision + m.group(4));
  }

  /** Literal text (name null), or a placeholder (text is its source) with its Java format, if any. */
  private record Piece(String text, @Nullable String name, @Nullable String format) {
    String format(int value) {
      return format == null ? Integer.toString(value)
          : String.format(Locale.ROOT, format, format.endsWith("d") ? (Object) value : (Object) (double) value);
    }

    String format(double value) {
      if (!Double.isFinite(value)) {
        return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf"; // as Python
      }
      return format == null ? python(value) : String.format(Locale.ROOT, format, value);
    }
  }

  /**
   * A finite value as Python's {@code str(float)}: the shortest digits that read back as it (those
   * of {@link Double#toString}), in positional notation when the decimal exponent is in [-4, 16),
   * else as {@code 1.5e-05}.
   */
  static String python(double value) {
    if (value == 0) {
      return 1 / value < 0 ? "-0.0" : "0.0";
    }
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exponent = digits.length() - 1 - d.scale();
    String sign = value < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      String plain = d.toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
        + Math.abs(exponent);
  }

  /** Configures a {@link ModelCheckpoint}; each method validates and returns this builder. */
  public static final class Builder {
    private final String filepath;
    private final FileSystem fileSystem;
    private final @Nullable Path path;
    private boolean saveBestOnly;
    private Monitor monitor = Monitor.VAL_LOSS;
    private Mode mode = Mode.AUTO;
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

    /** Whether the quantity should fall or rise under saveBestOnly; default {@link Mode#AUTO}. */
    public Builder mode(Mode mode) {
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
