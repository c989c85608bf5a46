package dev.lamina.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes one CSV line per epoch, {@code epoch} (0-based, as Keras) then the logged values, under a
 * header written once, as Keras' {@code CSVLogger}. Columns follow the log order ({@code loss},
 * metrics, {@code val_…}), where Keras sorts them; values are written in full precision
 * ({@link Double#toString}).
 *
 * <p>Each line is appended and flushed by its own open-write-close, so the file is complete after
 * every epoch, even if training later crashes, and no file stays open. Without append, training
 * starts a new file; with append, lines go at the end and the header is written only if the file
 * is empty or missing.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.defaults().epochs(10).callbacks(new CSVLogger(Path.of("training.csv"), false)));
 * }</pre>
 *
 * <p>File errors surface as {@link UncheckedIOException}.
 */
public final class CSVLogger implements Callback {
  private final Path path;
  private final boolean append;
  private @Nullable List<String> columns;

  /**
   * @param path the file
   * @param append whether to append to an existing file (Keras {@code append=False} by default)
   */
  public CSVLogger(Path path, boolean append) {
    this.path = Objects.requireNonNull(path, "path");
    this.append = append;
  }

  @Override
  public void onTrainBegin(TrainBegin event) {
    columns = null;
    try {
      if (!append) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot reset " + path, e);
    }
  }

  @Override
  public void onEpochEnd(EpochEnd event) {
    Map<String, Double> logs = event.logs();
    StringBuilder text = new StringBuilder();
    try {
      if (columns == null) {
        columns = List.copyOf(logs.keySet());
        if (!Files.exists(path) || Files.size(path) == 0) {
          text.append("epoch,").append(String.join(",", columns)).append('\n');
        }
      }
      text.append(event.epoch());
      for (String column : columns) {
        Double v = logs.get(column);
        text.append(',').append(v == null ? "" : v.toString());
      }
      text.append('\n');
      Files.writeString(path, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot write epoch " + event.epoch() + " to " + path, e);
    }
  }
}
