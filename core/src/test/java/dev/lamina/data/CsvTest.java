// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lamina.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
  @TempDir Path dir;

  private Path write(String name, String text, boolean gzip) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (gzip) {
      bytes = gzip(bytes);
    }
    return Files.write(dir.resolve(name), bytes);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bos)) {
      out.write(bytes);
    }
    return bos.toByteArray();
  }

  @Test
  void labelInTheLastColumnByDefault() throws IOException {
    Dataset d = Csv.format().read(write("a.csv", "1,2,0\n3.5,-4,1\n\n", false));
    assertArrayEquals(new int[] {2, 2}, d.features().shape());
    assertArrayEquals(new float[] {1, 2, 3.5f, -4}, d.features().data());
    assertArrayEquals(new float[] {0, 1}, d.labels().data());
  }

  @Test
  void headerAndLabelColumnAndDelimiter() throws IOException {
    Dataset d = Csv.format().header(true).labelColumn(0).delimiter(';')
        .read(write("b.csv", "label;x;y\r\n7; 1 ;2\r\n8;3;4\r\n", false));
    assertArrayEquals(new float[] {1, 2, 3, 4}, d.features().data());
    assertArrayEquals(new float[] {7, 8}, d.labels().data());
  }

  @Test
  void gzipIsRecognisedByContentNotName() throws IOException {
    String text = "1,2,3\n4,5,6\n";
    Dataset plain = Csv.format().read(write("c.csv", text, false));
    Dataset gz = Csv.format().read(write("c.data", text, true));
    assertArrayEquals(plain.features().data(), gz.features().data());
    Dataset stream = Csv.format().read(new ByteArrayInputStream(gzip(text.getBytes(StandardCharsets.UTF_8))), "mem");
    assertArrayEquals(plain.labels().data(), stream.labels().data());
  }

  @Test
  void badValueNamesFileLineAndColumn() throws IOException {
    Path p = write("d.csv", "1,2,3\n4,x5,6\n", false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.format().read(p));
    assertEquals(p + ":2: column 2 must be a finite number, but was 'x5'", e.getMessage());
    Path nan = write("n.csv", "1,NaN,3\n", false);
    e = assertThrows(IllegalArgumentException.class, () -> Csv.format().read(nan));
    assertEquals(nan + ":1: column 2 must be a finite number, but was 'NaN'", e.getMessage());
  }

  @Test
  void ragged() throws IOException {
    Path p = write("r.csv", "a,b\n1,2,3\n1,2\n", false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.format().header(true).read(p));
    assertEquals(p + ":3: expected 3 values (as line 2, the first data line), but found 2", e.getMessage());
  }

  @Test
  void labelColumnOutOfRangeAndEmptyFile() throws IOException {
    Path p = write("l.csv", "1,2,3\n", false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.format().labelColumn(3).read(p));
    assertEquals(p + ":1: labelColumn 3 is outside the 3 columns of the first line (a label and at least one feature needed)",
        e.getMessage());
    Path empty = write("e.csv", "h1,h2\n\n", false);
    e = assertThrows(IllegalArgumentException.class, () -> Csv.format().header(true).read(empty));
    assertEquals(empty + ": no data lines after the header", e.getMessage());
  }

  @Test
  void truncatedGzipIsAClearError() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      text.append(i).append(',').append(i * 7 % 13).append(",1\n");
    }
    byte[] gz = gzip(text.toString().getBytes(StandardCharsets.UTF_8));
    Path p = Files.write(dir.resolve("t.csv.gz"), Arrays.copyOf(gz, gz.length / 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.format().read(p));
    assertEquals(p + ": truncated: the gzip data ends before its end marker", e.getMessage());
  }

  @Test
  void foreignBinaryFileIsAClearError() throws IOException {
    Path p = Files.write(dir.resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.format().read(p));
    assertEquals(p + ":1: labelColumn -1 is outside the 1 columns of the first line (a label and at least one feature needed)",
        e.getMessage());
  }

  @Test
  void byteOrderMarkIsIgnored() throws IOException {
    Path p = write("bom.csv", "\uFEFF1,2,0\n3,4,1\n", false);
    Dataset d = Csv.format().read(p);
    assertArrayEquals(new float[] {1, 2, 3, 4}, d.features().data());
    Path h = write("bomh.csv", "\uFEFFa,b,c\n3,4,1\n", true);
    assertArrayEquals(new float[] {1}, Csv.format().header(true).read(h).labels().data());
  }

  @Test
  void headerIsTheFirstNonBlankLineAndErrorsNameTheReferenceLine() throws IOException {
    Path p = write("bh.csv", "\n  \na,b,c\n\n1,2,0\n3,4\n", false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.format().header(true).read(p));
    assertEquals(p + ":6: expected 3 values (as line 5, the first data line), but found 2", e.getMessage());
    Path ok = write("bh2.csv", "\na,b,c\n1,2,0\n", false);
    assertArrayEquals(new float[] {1, 2}, Csv.format().header(true).read(ok).features().data());
  }

  @Test
  void quotedFieldsAsInRfc4180() throws IOException {
    Path p = write("q.csv", "\"x, y\",\"say \"\"hi\"\"\",label\n\"1\",\"2\",\"0\"\n 3 , \"4\" ,1\n", false);
    Dataset d = Csv.format().header(true).read(p);
    assertArrayEquals(new float[] {1, 2, 3, 4}, d.features().data());
    assertArrayEquals(new float[] {0, 1}, d.labels().data());
    Path comma = write("qc.csv", "1,\"2,5\",0\n", false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.format().read(comma));
    assertEquals(comma + ":1: column 2 must be a finite number, but was '2,5'", e.getMessage());
    Path escaped = write("qe.csv", "1,\"a \"\"b\"\"\",0\n", false);
    e = assertThrows(IllegalArgumentException.class, () -> Csv.format().read(escaped));
    assertEquals(escaped + ":1: column 2 must be a finite number, but was 'a \"b\"'", e.getMessage());
  }

  @Test
  void malformedQuotesAreClearErrors() throws IOException {
    Path open = write("open.csv", "1,2,0\n1,\"2,0\n3,4,5\n", false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.format().read(open));
    assertEquals(open + ":2: a quoted field that starts on this line has no closing quote", e.getMessage());
    Path after = write("after.csv", "1,\"2\"x,0\n", false);
    e = assertThrows(IllegalArgumentException.class, () -> Csv.format().read(after));
    assertEquals(after + ":1: expected ',' or the end of the line after a closing quote (at character 6 of the file)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Csv.format().delimiter('"'));
    assertEquals("Csv: the delimiter cannot be a quote or a line break, but was '\"'", e.getMessage());
  }

  /** RFC 4180: a quoted field may hold a line break; errors name the line where the record ends. */
  @Test
  void aQuotedFieldMaySpanLines() throws IOException {
    Path p = write("span.csv", "\"a\nb\",x,y\n1,2,0\n3,\"4\n\",z\n", false);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.format().header(true).read(p));
    assertEquals(p + ":5: column 3 must be a finite number, but was 'z'", e.getMessage());
  }

  @Test
  void valuesWithoutALabelColumn() throws IOException {
    Tensor t = Csv.format().readValues(write("v.csv", "1,2,3\n\n4,5,6\n", false));
    assertArrayEquals(new int[] {2, 3}, t.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.data());
    Tensor one = Csv.format().readValues(write("v1.csv", "7\n8", false));
    assertArrayEquals(new int[] {2, 1}, one.shape());
    Path bad = write("vb.csv", "1,2\n3,x\n", true);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Csv.format().readValues(bad));
    assertEquals(bad + ":2: column 2 must be a finite number, but was 'x'", e.getMessage());
  }

  @Test
  void tabDelimitedWithQuotes() throws IOException {
    Path p = write("t.tsv", "\"1\"\t2\t0\n", false);
    assertArrayEquals(new float[] {1, 2}, Csv.format().delimiter('\t').read(p).features().data());
  }
}
