// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code lamina --version}: the project version and git commit, which Maven writes into
 * {@code version.properties} at build time (samples/pom.xml: resource filtering, and the commit
 * from buildnumber-maven-plugin).
 */
final class BuildVersion implements IVersionProvider {
  static final String RESOURCE = "version.properties";

  @Override
  public String[] getVersion() {
    Properties p = properties();
    return new String[] {"lamina " + p.getProperty("version", "unknown") + " (commit " + commit(p) + ")",
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
  }

  /** The commit, or "unknown" when the build was not in a git checkout (the placeholder is then unresolved). */
  static String commit(Properties p) {
    String c = p.getProperty("commit", "");
    return c.isBlank() || c.contains("${") ? "unknown" : c;
  }

  static Properties properties() {
    Properties p = new Properties();
    try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
    return p;
  }
}
