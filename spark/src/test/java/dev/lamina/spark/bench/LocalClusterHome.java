// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code SPARK_HOME} that {@code local-cluster} starts its executor JVMs from: a {@code jars/}
 * folder of links to the jars of this JVM's class path (as LocalClusterTest makes it), and the
 * class path's directories (compiled classes), which the executors get through
 * {@code spark.executor.extraClassPath}.
 */
public final class LocalClusterHome {
  private LocalClusterHome() {}

  /** Fills {@code home}/jars from {@code classPath}; returns its directories, joined for a class path. */
  public static String prepare(Path home, String classPath) {
    List<String> directories = new ArrayList<>();
    try {
      Path jars = Files.createDirectories(home.resolve("jars"));
      for (String entry : classPath.split(File.pathSeparator)) {
        Path p = Path.of(entry).toAbsolutePath();
        if (Files.isDirectory(p)) {
          directories.add(p.toString());
        } else if (p.toString().endsWith(".jar") && Files.exists(p)) {
          Path link = jars.resolve(p.getFileName());
          Files.deleteIfExists(link);
          Files.createSymbolicLink(link, p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + home + " for local-cluster: " + e.getMessage(), e);
    }
    return String.join(File.pathSeparator, directories);
  }
}
