// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadTest {
  private static final byte[] BODY = "hello, lamina\n".getBytes(StandardCharsets.US_ASCII);
  /** What {@code printf 'hello, lamina\n' | sha256sum} prints. */
  private static final String BODY_SHA256 = "d7196d4f287111cc43dd8189206e0ea0493662a513cbaf367bdc16e8a6476c76";

  @TempDir Path dir;

  @Test
  void sha256OfAFile() throws IOException {
    Path f = Files.write(dir.resolve("f"), BODY);
    assertEquals(BODY_SHA256, Download.sha256(f));
  }

  @Test
  void downloadsVerifiesAndRenames() {
    try (LocalServer server = new LocalServer().serve("/f.txt", BODY)) {
      Path target = dir.resolve("sub/f.txt");
      assertEquals(target, Download.fetch(server.uri("/f.txt"), target, BODY_SHA256.toUpperCase()));
      assertArrayEquals(BODY, read(target));
      assertEquals(1, files(target.getParent()), "only the target is left in the folder");
    }
  }

  @Test
  void onlyAbsoluteHttpUrlsAreFetched() {
    Path target = dir.resolve("sub/f.txt");
    for (String bad : new String[] {"file:///etc/hostname", "example.org/f.txt", "ftp://example.org/f.txt", "http:f.txt"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Download.fetch(URI.create(bad), target, BODY_SHA256));
      assertEquals("Download: the source must be an absolute http:// or https:// URL with a host, but was '" + bad + "'",
          e.getMessage());
    }
    assertFalse(Files.exists(target.getParent()), "nothing created");
  }

  @Test
  void corruptedDownloadIsRejectedAndNotKept() throws IOException {
    Path target = Files.write(dir.resolve("f.txt"), "old".getBytes(StandardCharsets.US_ASCII));
    String wrong = "0".repeat(64);
    try (LocalServer server = new LocalServer().serve("/f.txt", BODY)) {
      UncheckedIOException e = assertThrows(UncheckedIOException.class,
          () -> Download.fetch(server.uri("/f.txt"), target, wrong));
      assertTrue(e.getMessage().contains("download of " + server.uri("/f.txt") + " is corrupted"), e.getMessage());
      assertTrue(e.getMessage().contains("SHA-256 must be " + wrong + ", but was " + BODY_SHA256), e.getMessage());
    }
    assertEquals("old", Files.readString(target), "the previous file is untouched");
    assertEquals(1, files(dir), "no temporary file is left");
  }

  @Test
  void httpErrorNamesTheStatus() {
    try (LocalServer server = new LocalServer()) {
      Path target = dir.resolve("missing.gz");
      UncheckedIOException e = assertThrows(UncheckedIOException.class,
          () -> Download.fetch(server.uri("/missing.gz"), target, BODY_SHA256));
      assertTrue(e.getMessage().contains("answered HTTP 404, expected 200"), e.getMessage());
      assertFalse(Files.exists(target));
      assertEquals(0, files(dir));
    }
  }

  @Test
  void unreachableServerIsAClearError() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI closed = URI.create("http://127.0.0.1:" + port + "/f.txt");
    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> Download.fetch(closed, dir.resolve("f.txt"), BODY_SHA256));
    assertTrue(e.getMessage().startsWith("download of " + closed + " failed"), e.getMessage());
    assertEquals(0, files(dir));
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long files(Path folder) {
    try (Stream<Path> s = Files.list(folder)) {
      return s.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
