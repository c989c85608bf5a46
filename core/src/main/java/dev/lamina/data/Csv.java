package dev.lamina.data;

import dev.lamina.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads a numeric CSV file into a {@link Dataset}: one sample per line, one label column, every
 * other column a feature. Gzip-compressed files are recognised by their content and read
 * transparently. An immutable value: methods named after a property return a changed copy.
 *
 * <pre>{@code
 * Dataset digits = Csv.format().read(Path.of("digits.csv.gz"));            // label in the last column
 * Dataset iris = Csv.format().header(true).labelColumn(0).read(Path.of("iris.csv"));
 * }</pre>
 *
 * Blank lines are skipped, and a UTF-8 byte order mark (U+FEFF) at the start of the file is
 * ignored. Fields may be quoted as in RFC 4180: {@code "1","2"}, {@code "a, b"} (the delimiter inside
 * quotes is part of the field), {@code ""} for a quote inside quotes; spaces around quotes are
 * ignored. A quoted field cannot span lines (a line break inside quotes is reported as an
 * unterminated quote). Errors name the file, the line and the column (both from 1).
 *
 * @param header whether the first non-blank line holds column names (skipped, not parsed)
 * @param labelColumn the label's column, from 0; negative counts from the end (−1: the last)
 * @param delimiter the character between values
 */
public record Csv(boolean header, int labelColumn, char delimiter) {
  /** No header, the label in the last column, comma-separated. */
  public static Csv format() {
    return new Csv(false, -1, ',');
  }

  public Csv header(boolean header) {
    return new Csv(header, labelColumn, delimiter);
  }

  public Csv labelColumn(int labelColumn) {
    return new Csv(header, labelColumn, delimiter);
  }

  /** @throws IllegalArgumentException if {@code delimiter} is the quote character {@code "} or a line break */
  public Csv delimiter(char delimiter) {
    return new Csv(header, labelColumn, delimiter);
  }

  /** @throws IllegalArgumentException if {@code delimiter} is the quote character {@code "} or a line break */
  public Csv {
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
      throw new IllegalArgumentException("Csv: the delimiter cannot be a quote or a line break, but was '"
          + (delimiter == '"' ? "\"" : delimiter == '\n' ? "\\n" : "\\r") + "'");
    }
  }

  /**
   * Reads a file, gzip-compressed or not.
   *
   * @throws IllegalArgumentException naming the file, line and column of a malformed value, a line
   *     of the wrong length or a missing label column
   * @throws UncheckedIOException if the file cannot be read
   */
  public Dataset read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a stream (gzip-compressed or not, not closed); {@code source} names it in errors.
   *
   * @throws IllegalArgumentException as {@link #read(Path)}
   */
  public Dataset read(InputStream stream, String source) {
    try {
      BufferedReader reader = new BufferedReader(new InputStreamReader(decompressed(stream), StandardCharsets.UTF_8));
      return parse(reader, source);
    } catch (EOFException e) {
      throw new IllegalArgumentException(source + ": truncated: the gzip data ends before its end marker", e);
    } catch (ZipException e) {
      throw new IllegalArgumentException(source + ": corrupted gzip data: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  private Dataset parse(BufferedReader reader, String source) throws IOException {
    FloatList features = new FloatList();
    FloatList labels = new FloatList();
    int columns = -1;
    int label = -1;
    int lineNumber = 0;
    int firstDataLine = -1;
    boolean headerPending = header;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (lineNumber == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isBlank()) {
        continue;
      }
      if (headerPending) {
        headerPending = false;
        continue;
      }
      String[] values = fields(line, source, lineNumber);
      if (columns < 0) {
        firstDataLine = lineNumber;
        columns = values.length;
        label = labelColumn < 0 ? columns + labelColumn : labelColumn;
        if (label < 0 || label >= columns || columns < 2) {
          throw new IllegalArgumentException(source + ":" + lineNumber + ": labelColumn " + labelColumn
              + " is outside the " + columns + " columns of the first line (a label and at least one feature needed)");
        }
      } else if (values.length != columns) {
        throw new IllegalArgumentException(source + ":" + lineNumber + ": expected " + columns
            + " values (as line " + firstDataLine + ", the first data line), but found " + values.length);
      }
      for (int c = 0; c < columns; c++) {
        float v = number(values[c], source, lineNumber, c);
        (c == label ? labels : features).add(v);
      }
    }
    if (columns < 0) {
      throw new IllegalArgumentException(source + ": no data lines" + (header ? " after the header" : ""));
    }
    int n = labels.size();
    return new Dataset(Tensor.of(features.toArray(), n, columns - 1), Tensor.of(labels.toArray(), n));
  }

  /** Splits a line into fields, unquoting RFC 4180 quoted fields. */
  private String[] fields(String line, String source, int lineNumber) {
    List<String> fields = new ArrayList<>();
    int n = line.length();
    int i = 0;
    while (true) {
      int j = i;
      while (j < n && isPadding(line.charAt(j))) {
        j++;
      }
      if (j < n && line.charAt(j) == '"') {
        int column = fields.size() + 1;
        StringBuilder field = new StringBuilder();
        j++;
        while (true) {
          if (j >= n) {
            throw new IllegalArgumentException(source + ":" + lineNumber + ": column " + column
                + ": the quoted field has no closing quote (a quoted field cannot span lines)");
          }
          char c = line.charAt(j++);
          if (c != '"') {
            field.append(c);
          } else if (j < n && line.charAt(j) == '"') {
            field.append('"');
            j++;
          } else {
            break;
          }
        }
        while (j < n && isPadding(line.charAt(j))) {
          j++;
        }
        if (j < n && line.charAt(j) != delimiter) {
          throw new IllegalArgumentException(source + ":" + lineNumber + ": column " + column + ": expected '"
              + delimiter + "' or the end of the line after the closing quote, but found '" + line.charAt(j) + "'");
        }
        fields.add(field.toString());
      } else {
        int end = line.indexOf(delimiter, i);
        j = end < 0 ? n : end;
        fields.add(line.substring(i, j));
      }
      if (j >= n) {
        return fields.toArray(String[]::new);
      }
      i = j + 1;
    }
  }

  private boolean isPadding(char c) {
    return (c == ' ' || c == '\t') && c != delimiter;
  }

  private static float number(String text, String source, int line, int column) {
    String t = text.strip();
    try {
      float v = Float.parseFloat(t);
      if (Float.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(source + ":" + line + ": column " + (column + 1)
        + " must be a finite number, but was '" + t + "'");
  }

  /** Wraps the stream in a gzip decoder when it starts with gzip's magic bytes 1F 8B. */
  private static InputStream decompressed(InputStream stream) throws IOException {
    BufferedInputStream in = new BufferedInputStream(stream, 1 << 16);
    return Gzip.starts(in) ? new GZIPInputStream(in, 1 << 16) : in;
  }

  /** A growable float array. */
  private static final class FloatList {
    private float[] values = new float[1024];
    private int size;

    void add(float v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int size() {
      return size;
    }

    float[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
