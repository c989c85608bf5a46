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
import java.util.Arrays;
import java.util.regex.Pattern;
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
 * Blank lines are skipped. Errors name the file, the line and the column (both from 1).
 *
 * @param header whether the first line holds column names (skipped)
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

  public Csv delimiter(char delimiter) {
    return new Csv(header, labelColumn, delimiter);
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
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      lineNumber++;
      if (line.isBlank() || (header && lineNumber == 1)) {
        continue;
      }
      String[] values = line.split(Pattern.quote(String.valueOf(delimiter)), -1);
      if (columns < 0) {
        columns = values.length;
        label = labelColumn < 0 ? columns + labelColumn : labelColumn;
        if (label < 0 || label >= columns || columns < 2) {
          throw new IllegalArgumentException(source + ":" + lineNumber + ": labelColumn " + labelColumn
              + " is outside the " + columns + " columns of the first line (a label and at least one feature needed)");
        }
      } else if (values.length != columns) {
        throw new IllegalArgumentException(source + ":" + lineNumber + ": expected " + columns
            + " values (as the first line), but found " + values.length);
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
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1F && b1 == 0x8B ? new GZIPInputStream(in, 1 << 16) : in;
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
