// SPDX-License-Identifier: Apache-2.0

package dev.lamina.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Replaces files atomically: the content goes to a temporary file in the target's folder, is
 * forced to disk, gets the permissions of the file it replaces (a new file gets those of any new
 * file, which the umask decides, instead of the {@code rw-------} of {@link Files#createTempFile}),
 * and is then renamed over the target, and the folder is forced to disk too. Readers see the old
 * file or the new one, never a half.
 *
 * <p>A process killed while it {@linkplain #write writes} (SIGKILL, a power cut) leaves its
 * temporary file, {@code .NAME.RANDOM.tmp}, behind; the next {@code write} of the same target
 * removes it. {@code write} holds an exclusive lock on its temporary file until the file is
 * renamed, and the operating system drops the lock of a process that dies, so a temporary file
 * that can be locked, and was not just created, belongs to no running writer: only those are
 * removed, and only those of {@code write}'s own pattern for that target.
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
  /** The suffix of {@link #write}'s temporary files, which the next write removes when abandoned. */
  private static final String WRITE_SUFFIX = ".tmp";
  /**
   * How old an unlocked temporary file must be to count as abandoned: a writer creates its file
   * and locks it microseconds later, and must not lose it to a cleaner in between (were it lost,
   * its write would fail with an IOException, the target unchanged). A restarted process takes
   * longer than this to write again.
   */
  private static final long ABANDONED_AFTER_MILLIS = 100;

  private AtomicFiles() {}

  /**
   * Writes {@code content} to {@code target} atomically, creating its folder if needed, and first
   * removes the temporary files that writers of {@code target} killed before left behind.
   *
   * @throws IOException if any step fails; the temporary file is then removed and the target is unchanged
   */
  public static void write(Path target, byte[] content) throws IOException {
    removeAbandoned(target);
    Path temporary = temporary(target, WRITE_SUFFIX);
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) { // held until renamed: see removeAbandoned
      ByteBuffer bytes = ByteBuffer.wrap(content);
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      commit(temporary, target);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Removes the temporary files of {@link #write} for {@code target} whose writer is gone: those
   * no process holds a lock on, older than {@link #ABANDONED_AFTER_MILLIS}. Best effort: a file
   * that cannot be examined or removed is left.
   */
  static void removeAbandoned(Path target) {
    Path absolute = target.toAbsolutePath();
    Path folder = absolute.getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      return;
    }
    Pattern mine = Pattern.compile(Pattern.quote("." + absolute.getFileName() + ".") + "[0-9a-z]{1,13}"
        + Pattern.quote(WRITE_SUFFIX));
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder,
        f -> mine.matcher(f.getFileName().toString()).matches())) {
      long before = System.currentTimeMillis() - ABANDONED_AFTER_MILLIS;
      for (Path f : files) {
        if (Files.getLastModifiedTime(f).toMillis() < before) {
          removeIfUnlocked(f);
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort: the write itself does not depend on it
    }
  }

  private static void removeIfUnlocked(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock != null) { // no writer holds it: its writer died
        try {
          Files.deleteIfExists(file);
        } finally {
          lock.release();
        }
      }
    } catch (OverlappingFileLockException inThisProcess) {
      // a writer of this JVM holds it
    } catch (IOException e) {
      // gone meanwhile, or not ours to remove: leave it
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
