package dev.lamina.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Replaces files atomically: the content goes to a temporary file in the target's folder, is
 * forced to disk, gets the permissions of the file it replaces (a new file gets those of any new
 * file, which the umask decides, instead of the {@code rw-------} of {@link Files#createTempFile}),
 * and is then renamed over the target, and the folder is forced to disk too. Readers see the old
 * file or the new one, never a half.
 *
 * <pre>{@code
 * AtomicFiles.write(Path.of("model.onnx"), bytes);
 * // or, for writers that stream:
 * Path tmp = AtomicFiles.temporary(target, ".part");
 * try { copyInto(tmp); AtomicFiles.commit(tmp, target); } finally { Files.deleteIfExists(tmp); }
 * }</pre>
 */
public final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicFiles() {}

  /**
   * Writes {@code content} to {@code target} atomically, creating its folder if needed.
   *
   * @throws IOException if any step fails; the temporary file is then removed and the target is unchanged
   */
  public static void write(Path target, byte[] content) throws IOException {
    Path temporary = temporary(target, ".tmp");
    try {
      Files.write(temporary, content);
      commit(temporary, target);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * A new empty temporary file in {@code target}'s folder (created if needed), named after the
   * target with the given suffix. The caller deletes it if it does not {@link #commit} it.
   */
  public static Path temporary(Path target, String suffix) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path folder = absolute.getParent();
    Files.createDirectories(folder);
    while (true) { // Files.createFile, unlike createTempFile, leaves the permissions to the umask
      Path candidate = folder.resolve("." + absolute.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36)
          + suffix);
      try {
        return Files.createFile(candidate);
      } catch (FileAlreadyExistsException taken) {
        // another name
      }
    }
  }

  /**
   * Forces {@code temporary}'s content to disk, gives it the permissions of {@code target} if there
   * is one (a new file keeps those its creation gave it) and renames it over {@code target},
   * atomically where the file system can; then forces the folder, so that the rename survives a
   * crash.
   */
  public static void commit(Path temporary, Path target) throws IOException {
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Path absolute = target.toAbsolutePath();
    if (Files.isRegularFile(absolute)) {
      try {
        Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(absolute));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the temporary file keeps the file system's default
      }
    }
    try {
      Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
    }
    try (FileChannel folder = FileChannel.open(absolute.getParent(), StandardOpenOption.READ)) {
      folder.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // folders cannot be opened or forced on every platform (Windows): the rename stands as it is
    }
  }
}
