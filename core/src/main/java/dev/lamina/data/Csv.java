// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import dev.lamina.tensor.Tensor;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.regex.Matcher;
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
 * Parsed by Apache Commons CSV as RFC 4180: fields may be quoted, {@code "1","2"}, {@code "a, b"}
 * (the delimiter inside quotes is part of the field), {@code ""} for a quote inside quotes, and a
 * quoted field may hold line breaks; spaces around values and quotes are ignored. Blank lines are
 * skipped, and a UTF-8 byte order mark (U+FEFF) at the start of the file is ignored. Errors name
 * the file, the line (where the record ends) and, for a value, the column (both from 1).
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
      return parse(reader(stream, source), source);
    } catch (UncheckedIOException e) {
      throw gzipError(e.getCause(), source);
    } catch (EOFException e) {
      throw new IllegalArgumentException(source + ": truncated: the gzip data ends before its end marker", e);
    } catch (ZipException e) {
      throw new IllegalArgumentException(source + ": corrupted gzip data: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a file whose every column is a value (no label column): one row of the tensor
   * [rows, columns] per line, as for a model's inputs.
   *
   * @throws IllegalArgumentException as {@link #read(Path)}
   * @throws UncheckedIOException if the file cannot be read
   */
  public Tensor readValues(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      FloatList values = new FloatList();
      int[] columns = parse(reader(in, file.toString()), file.toString(), -1, values, null);
      return Tensor.of(values.toArray(), values.size() / columns[0], columns[0]);
    } catch (UncheckedIOException e) {
      throw gzipError(e.getCause(), file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static Reader reader(InputStream stream, String source) throws IOException {
    try {
      return new Lines(new InputStreamReader(decompressed(stream), StandardCharsets.UTF_8));
    } catch (ZipException e) {
      throw new IllegalArgumentException(source + ": corrupted gzip data: " + e.getMessage(), e);
    }
  }

  private Dataset parse(Reader reader, String source) throws IOException {
    FloatList features = new FloatList();
    FloatList labels = new FloatList();
    int[] columns = parse(reader, source, labelColumn, features, labels);
    int n = labels.size();
    return new Dataset(Tensor.of(features.toArray(), n, columns[0] - 1), Tensor.of(labels.toArray(), n));
  }

  /**
   * Parses the records into {@code values} (and the label column into {@code labels}, when not
   * null) and returns {columns}. The line of a record, in errors, is the line where it ends (a
   * quoted field may hold line breaks).
   */
  private int[] parse(Reader reader, String source, int labelAt, FloatList values, @Nullable FloatList labels)
      throws IOException {
    CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true)
        .setIgnoreSurroundingSpaces(true).get();
    int columns = -1;
    int label = -1;
    long firstDataLine = -1;
    boolean headerPending = header;
    try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
      Iterator<CSVRecord> records = parser.iterator();
      while (hasNext(records, source)) {
        CSVRecord record = records.next();
        long line = parser.getCurrentLineNumber(); // every line ends with a break (Lines), so this is the record's
        if (record.size() == 1 && record.get(0).isEmpty()) {
          continue; // a line of spaces
        }
        if (headerPending) {
          headerPending = false;
          continue;
        }
        if (columns < 0) {
          firstDataLine = line;
          columns = record.size();
          if (labels != null) {
            label = labelAt < 0 ? columns + labelAt : labelAt;
            if (label < 0 || label >= columns || columns < 2) {
              throw new IllegalArgumentException(source + ":" + line + ": labelColumn " + labelAt + " is outside the "
                  + columns + " columns of the first line (a label and at least one feature needed)");
            }
          }
        } else if (record.size() != columns) {
          throw new IllegalArgumentException(source + ":" + line + ": expected " + columns
              + " values (as line " + firstDataLine + ", the first data line), but found " + record.size());
        }
        for (int c = 0; c < columns; c++) {
          float v = number(record.get(c), source, line, c);
          (c == label && labels != null ? labels : values).add(v);
        }
      }
    }
    if (columns < 0) {
      throw new IllegalArgumentException(source + ": no data lines" + (header ? " after the header" : ""));
    }
    return new int[] {columns};
  }

  /** Commons CSV's malformed-quote errors (unchecked, from the iterator) in this class's words. */
  private boolean hasNext(Iterator<CSVRecord> records, String source) throws IOException {
    try {
      return records.hasNext();
    } catch (UncheckedIOException e) {
      String m = String.valueOf(e.getCause().getMessage());
      Matcher start = Pattern.compile("\\(startline (\\d+)\\)").matcher(m);
      Matcher after = Pattern.compile("between encapsulated token and delimiter at line: (\\d+), position: (\\d+)")
          .matcher(m);
      if (start.find() && m.contains("EOF reached")) {
        throw new IllegalArgumentException(source + ":" + start.group(1) + ": a quoted field that starts on this "
            + "line has no closing quote", e);
      }
      if (after.find()) {
        throw new IllegalArgumentException(source + ":" + after.group(1) + ": expected '" + delimiter
            + "' or the end of the line after a closing quote (at character " + after.group(2) + " of the file)", e);
      }
      throw e.getCause() instanceof EOFException || e.getCause() instanceof ZipException ? e : new IllegalArgumentException(
          source + ": " + m, e);
    }
  }

  private static float number(String text, String source, long line, int column) {
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

  private static RuntimeException gzipError(IOException e, String source) {
    if (e instanceof EOFException) {
      return new IllegalArgumentException(source + ": truncated: the gzip data ends before its end marker", e);
    }
    if (e instanceof ZipException) {
      return new IllegalArgumentException(source + ": corrupted gzip data: " + e.getMessage(), e);
    }
    return new UncheckedIOException(source + ": cannot read: " + e.getMessage(), e);
  }

  /**
   * The text with a leading byte order mark dropped and a line break added at the end when the
   * last line has none, so that Commons CSV's line count after each record is the record's line.
   */
  private static final class Lines extends FilterReader {
    private boolean started;
    private int last = '\n';
    private boolean ended;

    Lines(Reader in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      char[] one = new char[1];
      return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      if (ended) {
        return -1;
      }
      int n = in.read(buffer, offset, length);
      if (!started && n > 0) {
        started = true;
        if (buffer[offset] == '\uFEFF') {
          System.arraycopy(buffer, offset + 1, buffer, offset, n - 1);
          n--;
          if (n == 0) {
            return read(buffer, offset, length);
          }
        }
      }
      if (n < 0) {
        ended = true;
        if (last != '\n' && last != '\r') {
          buffer[offset] = '\n';
          return 1;
        }
        return -1;
      }
      if (n > 0) {
        last = buffer[offset + n - 1];
      }
      return n;
    }
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
