// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import dev.lamina.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Downloads one file over HTTP(S) into a folder, verifies its SHA-256 checksum, and only then moves
 * it into place with an atomic rename. A failed or corrupted download leaves nothing behind: the
 * bytes go to a temporary file in the target's folder, which is deleted on any error.
 *
 * <pre>{@code
 * Download.fetch(URI.create("https://example.org/data.gz"), Path.of("cache/data.gz"), "b056…");
 * }</pre>
 */
public final class Download {
  /** 30 s to open a connection; the transfer itself may take longer. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
  /** 15 min for a whole file, generous for the 26 MB of Fashion-MNIST's largest file. */
  static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(15);

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(CONNECT_TIMEOUT)
      .followRedirects(HttpClient.Redirect.NORMAL)
      .build();

  private Download() {}

  /**
   * Downloads {@code source} to {@code target}, replacing any file there, if its SHA-256 is
   * {@code sha256} (hexadecimal, any case).
   *
   * @return {@code target}
   * @throws UncheckedIOException if the server cannot be reached, answers other than 200, or the
   *     bytes do not have the expected checksum (the message names the URL, the expected and the
   *     actual checksum); the target is then left as it was
   * @throws IllegalArgumentException if {@code source} is not an absolute http or https URL
   */
  public static Path fetch(URI source, Path target, String sha256) {
    requireHttp(source, "Download: the source");
    Path folder = target.toAbsolutePath().getParent();
    @Nullable Path temporary = null;
    try {
      Files.createDirectories(folder);
      temporary = AtomicFiles.temporary(target, ".part");
      String actual = copy(source, temporary);
      if (!actual.equalsIgnoreCase(sha256)) {
        throw new IOException("download of " + source + " is corrupted: SHA-256 must be " + sha256.toLowerCase()
            + ", but was " + actual + "; nothing was saved to " + target);
      }
      AtomicFiles.commit(temporary, target);
      temporary = null;
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("download of " + source + " was interrupted", e));
    } finally {
      deleteQuietly(temporary);
    }
  }

  /** The SHA-256 of a file, in lower-case hexadecimal. */
  public static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static String copy(URI source, Path temporary) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(source).timeout(REQUEST_TIMEOUT).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new IOException("download of " + source + " failed: " + e, e);
    }
    try (DigestInputStream in = new DigestInputStream(response.body(), digest());
        OutputStream out = Files.newOutputStream(temporary)) {
      if (response.statusCode() != 200) {
        throw new IOException("download of " + source + " failed: the server answered HTTP "
            + response.statusCode() + ", expected 200");
      }
      in.transferTo(out);
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    }
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK, though every JDK must have it", e);
    }
  }

  private static void deleteQuietly(@Nullable Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // The temporary file's name ends in .part; nothing reads it.
      }
    }
  }

  /**
   * Checks that {@code uri} is an absolute http or https URL with a host.
   *
   * @param subject what the message names first, such as "Download: the source"
   */
  static void requireHttp(URI uri, String subject) {
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.isOpaque() || uri.getHost() == null) {
      throw new IllegalArgumentException(subject + " must be an absolute http:// or https:// URL with a host, but was '"
          + uri + "'");
    }
  }
}
