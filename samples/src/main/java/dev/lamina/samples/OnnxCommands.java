package dev.lamina.samples;

import dev.lamina.onnx.OnnxImport;
import dev.lamina.onnx.OnnxImporter;
import dev.lamina.onnx.OnnxRuntimeCheck;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code lamina summary MODEL.onnx} and {@code lamina check MODEL.onnx}: what Lamina makes of an
 * ONNX model, and whether it computes what ONNX Runtime computes.
 */
final class OnnxCommands {
  /** Largest |Lamina − ONNX Runtime| over all outputs for {@code check} to pass (float32 noise is ~1e-6). */
  static final double TOLERANCE = 1e-4;
  /** Random inputs drawn from N(0, 1) for {@code check}. */
  static final int SAMPLES = 32;
  /** Most input values (samples × features per sample) {@code check} draws: 256 MiB of floats. */
  static final long MAX_INPUT_VALUES = 1L << 26;

  static final String SUMMARY_USAGE = """
      usage: lamina summary MODEL.onnx
        imports the ONNX model and prints its Keras-style summary and the importer's notes.
        exit 0 when imported, 2 when it cannot be imported (with the importer's message).""";

  static final String CHECK_USAGE = """
      usage: lamina check MODEL.onnx [--samples N] [--seed N]
        imports the ONNX model, runs it in Lamina and in ONNX Runtime on N random inputs drawn from
        N(0, 1) (default %d, seed 7; N x features per sample at most %d) and prints the largest
        absolute difference of the outputs.
        exit 0 when they agree (max difference <= %s), 1 when they differ,
        2 when the model cannot be imported (with the importer's message).""".formatted(SAMPLES, MAX_INPUT_VALUES,
      TOLERANCE);

  private OnnxCommands() {}

  static int summary(String[] args, PrintStream out) {
    if (args.length != 1 || args[0].startsWith("--")) {
      throw new IllegalArgumentException("summary: expected one argument MODEL.onnx, but got "
          + (args.length == 0 ? "none" : String.join(" ", args)) + "; try lamina summary --help");
    }
    Path file = existing(args[0], "summary");
    OnnxImport imported = OnnxImporter.read(file);
    out.println("Model from " + file + " (producer " + blankAsUnknown(imported.producer()) + ", opset "
        + imported.opset() + ")");
    out.print(imported.model().summary());
    printNotes(imported, out);
    return 0;
  }

  static int check(String[] args, PrintStream out) {
    String model = null;
    int samples = SAMPLES;
    long seed = 7;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--samples" -> samples = Args.integer("--samples", value(args, i++));
        case "--seed" -> seed = Args.longInteger("--seed", value(args, i++));
        default -> {
          if (args[i].startsWith("--") || model != null) {
            throw new IllegalArgumentException("check: unexpected argument '" + args[i] + "'; try lamina check --help");
          }
          model = args[i];
        }
      }
    }
    if (model == null) {
      throw new IllegalArgumentException("check: expected one argument MODEL.onnx, but got none; try lamina check --help");
    }
    if (samples <= 0) {
      throw new IllegalArgumentException("check: --samples must be > 0, but was " + samples);
    }
    Path file = existing(model, "check");
    OnnxImport imported = OnnxImporter.read(file);
    long features = imported.model().inputs().stream() // all inputs together
        .mapToLong(in -> Arrays.stream(in.shape()).asLongStream().reduce(1, (a, b) -> a * b)).sum();
    if (samples * features > MAX_INPUT_VALUES) {
      throw new IllegalArgumentException("check: --samples " + samples + " gives " + samples + " x " + features
          + " features = " + samples * features + " input values for " + file + ", more than " + MAX_INPUT_VALUES
          + "; use --samples " + Math.max(1, MAX_INPUT_VALUES / features) + " or fewer");
    }
    printNotes(imported, out);
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(imported, file, samples, seed);
    boolean agree = r.within(TOLERANCE);
    out.printf(Locale.ROOT, "max |Lamina - ONNX Runtime| = %.3e over %d random inputs (tolerance %.0e): %s%n",
        r.maxAbsDiff(), samples, TOLERANCE, agree ? "agree" : "DIFFER");
    return agree ? 0 : 1;
  }

  private static void printNotes(OnnxImport imported, PrintStream out) {
    if (imported.notes().isEmpty()) {
      out.println("Importer notes: none");
    } else {
      out.println("Importer notes:");
      imported.notes().forEach(n -> out.println("  - " + n));
    }
  }

  private static Path existing(String name, String command) {
    Path file = Path.of(name);
    if (Files.isDirectory(file)) {
      throw new IllegalArgumentException(command + ": " + file + " is a directory; give the MODEL.onnx file");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(command + ": no such file " + file);
    }
    return file;
  }

  private static String value(String[] args, int i) {
    if (i + 1 >= args.length) {
      throw new IllegalArgumentException(args[i] + " needs a value");
    }
    return args[i + 1];
  }

  private static String blankAsUnknown(String s) {
    return s.isBlank() ? "unknown" : s;
  }
}
