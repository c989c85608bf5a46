// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Writes one CSV line per epoch, {@code epoch} (0-based, as Keras) then the logged values, under a
 * header written once, as Keras' {@code CSVLogger}. Columns follow the log order ({@code loss},
 * metrics, {@code val_…}, then what callbacks before it added, such as {@code learning_rate}),
 * where Keras sorts them; values are written in full precision ({@link Double#toString}). The
 * columns are those of the first epoch; a value missing in a later epoch is written {@code NA}, as
 * Keras does. Fields are separated by a comma or the given separator (Keras {@code separator}),
 * and a field holding the separator, a quote or a line break is quoted as Python's {@code csv}
 * module does.
 *
 * <p>Each line is appended and flushed by its own open-write-close, so the file is complete after
 * every epoch, even if training later crashes, and no file stays open. Without append, training
 * starts a new file; with append, lines go at the end and the header is written only if the file
 * is empty or missing. Appended lines follow the columns of the file's header (read with the
 * separator), so that they stay aligned when this run logs other values, where Keras writes this
 * run's columns under the old header.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.defaults().epochs(10).callbacks(new CSVLogger(Path.of("training.csv"), false)));
 * }</pre>
 *
 * <p>File errors surface as {@link UncheckedIOException}.
 */
public final class CSVLogger implements Callback {
  private final Path path;
  private final char separator;
  private final boolean append;
  private @Nullable List<String> columns;

  /** A comma, Keras' {@code separator} default. */
  public static final char DEFAULT_SEPARATOR = ',';

  /**
   * A logger with Keras' defaults but {@code append}; see {@link #builder(Path)} for the separator.
   *
   * @param path the file
   * @param append whether to append to an existing file (Keras {@code append=False} by default)
   */
  public CSVLogger(Path path, boolean append) {
    this(path, DEFAULT_SEPARATOR, append);
  }

  private CSVLogger(Path path, char separator, boolean append) {
    this.path = Objects.requireNonNull(path, "path");
    this.separator = separator;
    this.append = append;
  }

  /** A builder for a logger writing to {@code path}: comma-separated, a new file each fit, as Keras. */
  public static Builder builder(Path path) {
    return new Builder(Objects.requireNonNull(path, "path"));
  }

  /** Builds a {@link CSVLogger}; each method names the property it sets. */
  public static final class Builder {
    private final Path path;
    private char separator = DEFAULT_SEPARATOR;
    private boolean append;

    private Builder(Path path) {
      this.path = path;
    }

    /**
     * The field separator (Keras {@code separator}).
     *
     * @throws IllegalArgumentException if it is a quote or a line break
     */
    public Builder separator(char separator) {
      if (separator == '"' || separator == '\n' || separator == '\r') {
        throw new IllegalArgumentException("CSVLogger: the separator must not be a quote or a line break, but was '"
            + (separator == '"' ? "\"" : separator == '\n' ? "\\n" : "\\r") + "'");
      }
      this.separator = separator;
      return this;
    }

    /** Whether to append to an existing file (Keras {@code append}, default false). */
    public Builder append(boolean append) {
      this.append = append;
      return this;
    }

    public CSVLogger build() {
      return new CSVLogger(path, separator, append);
    }
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
        boolean fresh = !Files.exists(path) || Files.size(path) == 0;
        List<String> header = fresh ? List.of() : header();
        columns = header.size() > 1 && header.get(0).equals("epoch") ? List.copyOf(header.subList(1, header.size()))
            : List.copyOf(logs.keySet());
        if (fresh) {
          text.append("epoch");
          for (String column : columns) {
            text.append(separator).append(quoted(column));
          }
          text.append('\n');
        }
      }
      text.append(event.epoch());
      for (String column : columns) {
        Double v = logs.get(column);
        text.append(separator).append(v == null ? "NA" : quoted(v.toString()));
      }
      text.append('\n');
      Files.writeString(path, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("CSVLogger: cannot write epoch " + event.epoch() + " to " + path, e);
    }
  }

  /** The fields of the file's first line, unquoted as Python's csv module reads them. */
  private List<String> header() throws IOException {
    String line;
    try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      line = reader.readLine();
    }
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; line != null && i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == separator) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }

  /** A field quoted if it holds the separator, a quote or a line break (Python csv QUOTE_MINIMAL). */
  private String quoted(String field) {
    if (field.indexOf(separator) < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0
        && field.indexOf('\r') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }
}
