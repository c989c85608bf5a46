// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.layers.Layer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** The public concrete {@link Layer} subclasses of {@code dev.lamina.layers}, found in core's classes (folder or jar). */
final class LaminaLayerClasses {
  private static final String PACKAGE = "dev/lamina/layers/";

  private LaminaLayerClasses() {}

  static Set<Class<?>> all() {
    Set<Class<?>> found = new HashSet<>();
    for (String name : classNames()) {
      Class<?> c;
      try {
        c = Class.forName(name.replace('/', '.'), false, Layer.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      if (Layer.class.isAssignableFrom(c) && Modifier.isPublic(c.getModifiers()) && !Modifier.isAbstract(c.getModifiers())
          && !c.isMemberClass()) {
        found.add(c);
      }
    }
    return found;
  }

  private static List<String> classNames() {
    try {
      Path location = Path.of(Layer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      List<String> names = new ArrayList<>();
      if (Files.isDirectory(location)) {
        try (Stream<Path> files = Files.list(location.resolve(PACKAGE))) {
          files.map(f -> PACKAGE + f.getFileName()).forEach(names::add);
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(PACKAGE) && n.indexOf('/', PACKAGE.length()) < 0)
              .forEach(names::add);
        }
      }
      return names.stream().filter(n -> n.endsWith(".class") && !n.contains("$"))
          .map(n -> n.substring(0, n.length() - ".class".length())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
