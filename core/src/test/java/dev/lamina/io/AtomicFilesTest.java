// SPDX-License-Identifier: Apache-2.0

package dev.lamina.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir
  Path folder;

  private static void assumePosix() {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
  }

  private List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** The permissions any new file gets in {@code dir}: the umask's choice (rw-r--r-- under 022). */
  static String newFilePermissions(Path dir) throws IOException {
    Path probe = Files.createFile(dir.resolve("probe-" + System.nanoTime()));
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(probe));
    } finally {
      Files.delete(probe);
    }
  }

  @Test
  void aNewFileGetsThePermissionsOfAnyNewFileNotOnlyTheOwners() throws IOException {
    assumePosix();
    Path file = folder.resolve("new/model.bin");
    AtomicFiles.write(file, new byte[] {1, 2, 3});
    assertEquals(newFilePermissions(folder), PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
        "Files.createTempFile's rw------- must not leak into the result");
    assertEquals(List.of("model.bin"), names(file.getParent()));
  }

  @Test
  void aReplacedFileKeepsItsPermissionsAndGetsTheNewContent() throws IOException {
    assumePosix();
    Path file = folder.resolve("model.bin");
    Files.write(file, new byte[] {9});
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
    AtomicFiles.write(file, new byte[] {1, 2});
    assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(2, Files.size(file));
    assertEquals(List.of("model.bin"), names(folder));
  }

  @Test
  void commitMovesAStreamedTemporaryFileIntoPlace() throws IOException {
    assumePosix();
    Path file = folder.resolve("data.gz");
    Path tmp = AtomicFiles.temporary(file, ".part");
    Files.write(tmp, new byte[] {7, 7, 7});
    AtomicFiles.commit(tmp, file);
    assertEquals(newFilePermissions(folder), PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(List.of("data.gz"), names(folder));
  }

  @Test
  void aFailedWriteLeavesTheTargetAndNoTemporaryFile() throws IOException {
    Path target = folder.resolve("is-a-folder");
    Files.createDirectories(target.resolve("child"));
    assertThrows(IOException.class, () -> AtomicFiles.write(target, new byte[] {1}));
    assertEquals(List.of("is-a-folder"), names(folder));
    assertEquals(List.of("child"), names(target));
  }

  /**
   * A writer killed mid-write leaves its temporary file unlocked; the next write removes it, and
   * leaves alone a locked one (a writer at work), one just created, and other files that look alike.
   */
  @Test
  void theNextWriteRemovesTemporaryFilesOfKilledWritersOnly() throws Exception {
    Path target = folder.resolve("model.ckpt");
    AtomicFiles.write(target, new byte[] {1});
    java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 60_000);
    Path abandoned = Files.write(folder.resolve(".model.ckpt.3kq9x0c1.tmp"), new byte[] {9, 9});
    Files.setLastModifiedTime(abandoned, old);
    Path fresh = Files.write(folder.resolve(".model.ckpt.fresh.tmp"), new byte[] {7});
    Path download = Files.write(folder.resolve(".model.ckpt.4x.part"), new byte[] {8});
    Files.setLastModifiedTime(download, old);
    Path otherTarget = Files.write(folder.resolve(".other.ckpt.3kq9x0c1.tmp"), new byte[] {6});
    Files.setLastModifiedTime(otherTarget, old);
    Path locked = Files.write(folder.resolve(".model.ckpt.l0cked.tmp"), new byte[] {5});
    Files.setLastModifiedTime(locked, old);
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(locked,
        java.nio.file.StandardOpenOption.WRITE); java.nio.channels.FileLock lock = channel.lock()) {
      AtomicFiles.write(target, new byte[] {2});
      assertEquals(List.of(".model.ckpt.4x.part", ".model.ckpt.fresh.tmp", ".model.ckpt.l0cked.tmp",
          ".other.ckpt.3kq9x0c1.tmp", "model.ckpt"), names(folder), "only the abandoned one is removed");
    }
    assertEquals(List.of((byte) 2), List.of(Files.readAllBytes(target)[0]));
  }
}
