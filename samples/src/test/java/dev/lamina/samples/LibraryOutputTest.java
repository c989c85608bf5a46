// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.dsl.Layers;
import dev.lamina.model.Model;
import dev.lamina.onnx.OnnxImporter;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Library code never writes to standard output or error: the compiled classes of core, dsl and
 * export (this module is the one that sees all three) refer to neither {@code System.out},
 * {@code System.err}, {@code FileDescriptor.out}/{@code err} nor {@code printStackTrace()}, except
 * {@code ConsoleSink}, the default progress sink that prints as Keras does. The class files are
 * read, not the sources, so no spelling (a static import, a method reference) escapes and comments
 * do not count.
 */
class LibraryOutputTest {
  /** The one class allowed: ProgressSink.console(), Keras' default progress on standard output. */
  private static final String CONSOLE_SINK = "dev/lamina/callbacks/ConsoleSink";

  @Test
  void libraryClassesNeverWriteToTheStandardStreams() throws Exception {
    Map<String, List<String>> found = new TreeMap<>();
    int classes = 0;
    for (Class<?> module : List.of(Model.class, Layers.class, OnnxImporter.class)) {
      for (Map.Entry<String, byte[]> c : classFiles(module).entrySet()) {
        classes++;
        List<String> refs = standardStreamReferences(c.getValue());
        if (!refs.isEmpty() && !c.getKey().equals(CONSOLE_SINK)) {
          found.put(c.getKey(), refs);
        }
      }
    }
    assertTrue(classes > 300, "too few library classes found (" + classes + "): the scan looks in the wrong place");
    assertEquals(Map.of(), found, "library classes that write to the standard streams (send output to a sink the "
        + "application chooses, or to System.Logger)");
  }

  /** The scan finds what it looks for: the console sink does refer to System.out. */
  @Test
  void theScanSeesTheConsoleSinksStandardOutput() throws Exception {
    byte[] sink = classFiles(Model.class).get(CONSOLE_SINK);
    assertEquals(List.of("java/lang/System.out"), standardStreamReferences(sink));
  }

  /** The class files of the jar or folder that holds {@code member}, by internal name. */
  private static Map<String, byte[]> classFiles(Class<?> member) throws IOException, URISyntaxException {
    Path where = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
    Map<String, byte[]> classes = new TreeMap<>();
    if (Files.isDirectory(where)) {
      read(where, classes);
    } else {
      try (FileSystem jar = FileSystems.newFileSystem(where)) {
        read(jar.getPath("/"), classes);
      }
    }
    return classes;
  }

  private static void read(Path root, Map<String, byte[]> classes) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        String name = root.relativize(p).toString().replace('\\', '/').replaceAll("\\.class$", "");
        classes.put(name, Files.readAllBytes(p));
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * The references of a class file's constant pool to the standard streams: the fields
   * System.out/err and FileDescriptor.out/err, and any method printStackTrace()V (which prints to
   * System.err).
   */
  static List<String> standardStreamReferences(byte[] classFile) throws IOException {
    try (InputStream bytes = new java.io.ByteArrayInputStream(classFile); DataInputStream in = new DataInputStream(bytes)) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException("not a class file");
      }
      in.readUnsignedShort(); // minor
      in.readUnsignedShort(); // major
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      int[] first = new int[count]; // Class: name; NameAndType: name; Fieldref/Methodref: class
      int[] second = new int[count]; // NameAndType: descriptor; Fieldref/Methodref: name and type
      int[] tag = new int[count];
      for (int i = 1; i < count; i++) {
        tag[i] = in.readUnsignedByte();
        switch (tag[i]) {
          case 1 -> utf8[i] = in.readUTF();
          case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
          case 9, 10, 11, 12, 17, 18 -> {
            first[i] = in.readUnsignedShort();
            second[i] = in.readUnsignedShort();
          }
          case 3, 4 -> in.readInt();
          case 5, 6 -> {
            in.readLong();
            i++; // takes two entries
          }
          case 15 -> {
            in.readUnsignedByte();
            in.readUnsignedShort();
          }
          default -> throw new IOException("unknown constant pool tag " + tag[i] + " at entry " + i);
        }
      }
      List<String> refs = new ArrayList<>();
      for (int i = 1; i < count; i++) {
        if (tag[i] == 9 || tag[i] == 10 || tag[i] == 11) {
          String owner = utf8[first[first[i]]];
          String name = utf8[first[second[i]]];
          String descriptor = utf8[second[second[i]]];
          boolean stream = tag[i] == 9 && (name.equals("out") || name.equals("err"))
              && (owner.equals("java/lang/System") || owner.equals("java/io/FileDescriptor"));
          boolean trace = tag[i] != 9 && name.equals("printStackTrace") && descriptor.equals("()V");
          if (stream || trace) {
            refs.add(owner + "." + name);
          }
        }
      }
      return refs;
    }
  }
}
