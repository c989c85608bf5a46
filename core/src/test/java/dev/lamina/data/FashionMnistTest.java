// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolution order, and the download path against a local server on 127.0.0.1 that serves the
 * real files from {@code -Dlamina.data} / {@code LAMINA_DATA} (skipped when they are absent). No
 * test contacts any other host.
 */
class FashionMnistTest {
  private static final String[] GZ_FILES = {
      "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};

  @TempDir Path cache;

  @Test
  void candidatesInDocumentedOrder() {
    Path home = Path.of("/home/u");
    List<Path> c = FashionMnist.candidates("/prop", "/env", home);
    assertEquals(List.of(Path.of("/prop"), Path.of("/prop/fashion-mnist"), Path.of("/env"), Path.of("/env/fashion-mnist"),
        Path.of("/home/u/.cache/lamina/fashion-mnist"), Path.of("/usr/share/datasets/fashion-mnist")), c);
    assertEquals(List.of(Path.of("/home/u/.cache/lamina/fashion-mnist"), Path.of("/usr/share/datasets/fashion-mnist")),
        FashionMnist.candidates(null, " ", home));
  }

  @Test
  void explicitFolderWinsEvenWhenIncomplete() {
    assertEquals(Optional.of(cache), FashionMnist.locate(cache));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FashionMnist.load(cache));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte(.gz) not found in " + cache.toAbsolutePath()), e.getMessage());
  }

  @Test
  void checksumsAreThoseOfTheSharedFiles() {
    Path source = sourceFolder();
    for (String f : GZ_FILES) {
      assertEquals(FashionMnist.SHA256.get(f), Download.sha256(source.resolve(f)), f);
    }
  }

  @Test
  void downloadsIntoTheCacheAndLoads() throws IOException {
    Path source = sourceFolder();
    Path target = cache.resolve("lamina/fashion-mnist");
    try (LocalServer server = serving(source, null)) {
      assertEquals(target, FashionMnist.download(server.uri("/mirror"), target));
      assertEquals(4, server.requests.size());
      assertTrue(FashionMnist.isComplete(target));
      FashionMnist data = FashionMnist.load(target);
      assertArrayEquals(new int[] {60000, 28, 28}, data.trainImages().shape());
      assertArrayEquals(new int[] {10000}, data.testLabels().shape());

      FashionMnist.download(server.uri("/mirror/"), target);
      assertEquals(4, server.requests.size(), "complete folder: nothing downloaded again");
    }
  }

  @Test
  void corruptedFileIsRejectedAndNotLeftInTheCache() throws IOException {
    Path source = sourceFolder();
    Path target = cache.resolve("fashion-mnist");
    try (LocalServer server = serving(source, "train-labels-idx1-ubyte.gz")) {
      UncheckedIOException e = assertThrows(UncheckedIOException.class,
          () -> FashionMnist.download(server.uri("/mirror"), target));
      String m = e.getMessage();
      assertTrue(m.contains("train-labels-idx1-ubyte.gz is corrupted"), m);
      assertTrue(m.contains("SHA-256 must be " + FashionMnist.SHA256.get("train-labels-idx1-ubyte.gz") + ", but was "), m);
      assertFalse(Files.exists(target.resolve("train-labels-idx1-ubyte.gz")));
      try (var files = Files.list(target)) {
        assertEquals(List.of(target.resolve("train-images-idx3-ubyte.gz")), files.toList(),
            "only the good file downloaded before the corrupted one is kept; no temporary file is left");
      }
      assertFalse(FashionMnist.isComplete(target));

      server.serve("/mirror/train-labels-idx1-ubyte.gz", Files.readAllBytes(source.resolve("train-labels-idx1-ubyte.gz")));
      FashionMnist.download(server.uri("/mirror"), target);
      assertTrue(FashionMnist.isComplete(target), "a later download completes the folder");
      assertEquals(List.of("/mirror/train-images-idx3-ubyte.gz", "/mirror/train-labels-idx1-ubyte.gz",
          "/mirror/train-labels-idx1-ubyte.gz", "/mirror/t10k-images-idx3-ubyte.gz", "/mirror/t10k-labels-idx1-ubyte.gz"),
          server.requests);
    }
  }

  @Test
  void mirrorDefaultsToTheDocumentedOne() {
    assumeTrue(System.getenv(FashionMnist.MIRROR_VARIABLE) == null, FashionMnist.MIRROR_VARIABLE + " is set here");
    String saved = System.getProperty("lamina.fashion.mnist.mirror");
    try {
      System.clearProperty("lamina.fashion.mnist.mirror");
      assertEquals(FashionMnist.MIRROR, FashionMnist.mirror());
      System.setProperty("lamina.fashion.mnist.mirror", "http://127.0.0.1:9/fm/");
      assertEquals("http://127.0.0.1:9/fm/", FashionMnist.mirror().toString());
      System.setProperty("lamina.fashion.mnist.mirror", "not a url");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, FashionMnist::mirror);
      assertTrue(e.getMessage().contains("the mirror must be a URL, but was 'not a url'"), e.getMessage());
    } finally {
      if (saved == null) {
        System.clearProperty("lamina.fashion.mnist.mirror");
      } else {
        System.setProperty("lamina.fashion.mnist.mirror", saved);
      }
    }
  }

  @Test
  void mirrorMustBeAnAbsoluteHttpUrlNamingWhereItCameFrom() {
    assertEquals(FashionMnist.MIRROR, FashionMnist.mirror(null, " "));
    assertEquals(URI.create("https://example.org/fm/"), FashionMnist.mirror(null, "https://example.org/fm/"));
    assertEquals(URI.create("http://a.example/"), FashionMnist.mirror("http://a.example/", "https://b.example/"));
    IllegalArgumentException file = assertThrows(IllegalArgumentException.class,
        () -> FashionMnist.mirror("file:///tmp/", null));
    assertEquals("Fashion-MNIST: the mirror (from the system property lamina.fashion.mnist.mirror) must be an absolute"
        + " http:// or https:// URL with a host, but was 'file:///tmp/'", file.getMessage());
    IllegalArgumentException noScheme = assertThrows(IllegalArgumentException.class,
        () -> FashionMnist.mirror(null, "fashion-mnist.example.org"));
    assertEquals("Fashion-MNIST: the mirror (from the environment variable LAMINA_FASHION_MNIST_MIRROR) must be an"
        + " absolute http:// or https:// URL with a host, but was 'fashion-mnist.example.org'", noScheme.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> FashionMnist.mirror(null, "http://[bad"));
    assertTrue(bad.getMessage().endsWith("(from the environment variable LAMINA_FASHION_MNIST_MIRROR)"), bad.getMessage());
  }

  @Test
  void downloadRefusesANonHttpMirrorBeforeTouchingTheFolder() {
    Path target = cache.resolve("never");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FashionMnist.download(URI.create("file:///tmp/"), target));
    assertEquals("Fashion-MNIST: the mirror must be an absolute http:// or https:// URL with a host, but was"
        + " 'file:///tmp/'", e.getMessage());
    assertFalse(Files.exists(target));
  }

  @Test
  void classNamesAreAnImmutableList() {
    assertEquals(10, FashionMnist.CLASS_NAMES.size());
    assertEquals("Ankle boot", FashionMnist.CLASS_NAMES.get(9));
    assertThrows(UnsupportedOperationException.class, () -> FashionMnist.CLASS_NAMES.set(0, "x"));
  }

  @Test
  void loadChecksTheShapesOfTheFiles() throws IOException {
    Path folder = cache.resolve("fm");
    writeIdx(folder, "train-images-idx3-ubyte", 2, 28, 28);
    writeIdx(folder, "train-labels-idx1-ubyte", 2);
    writeIdx(folder, "t10k-images-idx3-ubyte", 1, 28, 28);
    writeIdx(folder, "t10k-labels-idx1-ubyte", 1);
    FashionMnist ok = FashionMnist.load(folder);
    assertArrayEquals(new int[] {2, 28, 28}, ok.trainImages().shape());
    assertArrayEquals(new int[] {1}, ok.testLabels().shape());

    Path labels = writeIdx(folder, "t10k-labels-idx1-ubyte", 3);
    IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> FashionMnist.load(folder));
    assertEquals("Fashion-MNIST: " + labels + " holds 3 labels, but " + folder.resolve("t10k-images-idx3-ubyte")
        + " holds 1 images; they must match", count.getMessage());

    Path images = writeIdx(folder, "train-images-idx3-ubyte", 2, 2, 2);
    IllegalArgumentException side = assertThrows(IllegalArgumentException.class, () -> FashionMnist.load(folder));
    assertEquals("Fashion-MNIST: " + images + " must hold images of shape [n, 28, 28], but its header gives [2, 2, 2]",
        side.getMessage());

    writeIdx(folder, "train-images-idx3-ubyte", 2, 28, 28);
    Path matrix = writeIdx(folder, "train-labels-idx1-ubyte", 2, 1);
    IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> FashionMnist.load(folder));
    assertEquals("Fashion-MNIST: " + matrix + " must hold labels of shape [n], but its header gives [2, 1]",
        rank.getMessage());
  }

  /** Writes a raw IDX file of zeros with the given shape. */
  private static Path writeIdx(Path folder, String name, int... shape) throws IOException {
    int size = 1;
    for (int d : shape) {
      size *= d;
    }
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * shape.length + size);
    b.putInt(0x00000800 | shape.length);
    for (int d : shape) {
      b.putInt(d);
    }
    Files.createDirectories(folder);
    return Files.write(folder.resolve(name), b.array());
  }

  /** The shared files, found as users find them (explicit configuration), or the test is skipped. */
  private static Path sourceFolder() {
    Optional<Path> found = FashionMnist.locate(null);
    assumeTrue(found.isPresent() && Files.isRegularFile(found.get().resolve(GZ_FILES[0])),
        "Fashion-MNIST (.gz files) not found: set LAMINA_DATA or -Dlamina.data to the shared datasets folder");
    return found.get();
  }

  /** Serves the four files under /mirror/, one of them (if named) with a flipped byte. */
  private static LocalServer serving(Path source, @Nullable String corrupted) throws IOException {
    LocalServer server = new LocalServer();
    for (String f : GZ_FILES) {
      byte[] bytes = Files.readAllBytes(source.resolve(f));
      if (f.equals(corrupted)) {
        bytes[bytes.length / 2] ^= 0x55;
      }
      server.serve("/mirror/" + f, bytes);
    }
    return server;
  }
}
