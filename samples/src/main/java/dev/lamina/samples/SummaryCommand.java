// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import dev.lamina.onnx.OnnxImport;
import dev.lamina.onnx.OnnxImporter;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code lamina summary MODEL.onnx}: what Lamina makes of an ONNX model. */
@Command(name = "summary", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class, description = {
    "MODEL.onnx: Keras-style summary of an ONNX model Lamina can import, with the importer's notes"},
    footer = {"", "Exit status: 0 when imported, 2 when it cannot be imported (with the importer's message)."})
final class SummaryCommand implements Callable<Integer> {
  @ParentCommand
  Main main;

  @Parameters(paramLabel = "MODEL.onnx", description = "the ONNX model")
  Path model;

  @Override
  public Integer call() {
    PrintStream out = main.out;
    Path file = existing(model);
    OnnxImport imported = OnnxImporter.read(file);
    out.println("Model from " + file + " (producer " + (imported.producer().isBlank() ? "unknown" : imported.producer())
        + ", opset " + imported.opset() + ")");
    out.print(imported.model().summary());
    printNotes(imported, out);
    return 0;
  }

  static void printNotes(OnnxImport imported, PrintStream out) {
    if (imported.notes().isEmpty()) {
      out.println("Importer notes: none");
    } else {
      out.println("Importer notes:");
      imported.notes().forEach(n -> out.println("  - " + n));
    }
  }

  /** The file, which must exist and not be a folder. */
  static Path existing(Path file) {
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(file + " is a directory; give the MODEL.onnx file");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such file " + file);
    }
    return file;
  }
}
