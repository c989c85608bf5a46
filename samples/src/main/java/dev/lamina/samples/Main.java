package dev.lamina.samples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The {@code lamina} command line. Each command has {@code --help}. Errors are one line on
 * standard error with exit code 2; {@code --debug} shows the stack trace too.
 */
public final class Main {
  private static final String USAGE = """
      usage: lamina <command> [options]        (lamina <command> --help for each)

      commands:
        demo      a short tour of the chapter with PNG charts (--full for the complete experiments)
        summary   MODEL.onnx: Keras-style summary of an ONNX model Lamina can import, with the importer's notes
        check     MODEL.onnx: run Lamina and ONNX Runtime side by side on random inputs; exit 0 when they agree
        finetune  transfer learning from an ONNX model to a new task; writes the fine-tuned ONNX model
        bench     --workload bn|plain|infer|cnn|resnet|cnn-infer: the reference workloads of shared/bench, ending
                  with RESULT {json}

      Fashion-MNIST is found through --data, then $LAMINA_DATA, ~/.cache/lamina/fashion-mnist,
      /usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist).
      Add --debug to any command to see stack traces.""";

  private static final String BENCH_USAGE = """
      usage: lamina bench --workload bn|plain|infer|cnn|resnet|cnn-infer [--threads N] [--epochs N] [--batch N]
                          [--train-samples N] [--infer-calls N] [--infer-rounds N] [--seed N] [--data DIR]
                          [--vs-pytorch [--rounds N] [--torch-script PATH] [--torch-threads N] [--torch-blas-threads N]]
             lamina bench --report docs/performance.md [--rounds N] [--data DIR]
        the reference workloads of shared/bench, ending with a RESULT {json} line (throughput, test accuracy,
        bytes allocated per batch, peak RSS); --threads shares the work (results are identical for any count).
        Dense: bn, plain (3 epochs on 60,000 images), infer (batch 1 and 1024). Convolutional, images [1, 28, 28]:
        cnn, resnet (2 epochs on the first --train-samples images, default 12,000), cnn-infer (batch 1 and 256).
        0 for --epochs, --batch, --train-samples, --infer-calls, --infer-rounds means the workload's default.
        --vs-pytorch alternates fresh processes with shared/bench/torch_mlp.py (dense) or torch_cnn.py
        (convolutional) and prints the ratio; --torch-script names the script or the folder holding both;
        --report runs every workload at 1 and 2 threads against PyTorch and writes the performance page""";

  private static final Map<String, String> HELP = Map.of("demo", Demo.USAGE, "summary", OnnxCommands.SUMMARY_USAGE,
      "check", OnnxCommands.CHECK_USAGE, "bench", BENCH_USAGE);

  private Main() {}

  public static void main(String[] args) {
    System.exit(execute(args, System.err));
  }

  /**
   * Runs a command line and returns its exit code: the command's own, or 2 with one line on
   * {@code err} for any error (and the stack trace with {@code --debug}).
   */
  static int execute(String[] args, PrintStream err) {
    boolean debug = Arrays.asList(args).contains("--debug");
    String[] rest = Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
    try {
      return run(rest);
    } catch (RuntimeException e) {
      err.println("lamina: " + oneLine(e));
      if (debug) {
        e.printStackTrace(err);
      }
      return 2;
    }
  }

  static int run(String[] args) {
    if (args.length == 0) {
      // A usage error: the usage goes to standard error, as the other errors do.
      System.err.println(USAGE);
      return 2;
    }
    if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      System.out.println(USAGE);
      return 0;
    }
    String[] options = Arrays.copyOfRange(args, 1, args.length);
    // finetune parses its own options, --help included.
    if (!args[0].equals("finetune") && (Arrays.asList(options).contains("--help")
        || Arrays.asList(options).contains("-h"))) {
      String help = HELP.get(args[0]);
      if (help == null) {
        throw unknown(args[0]);
      }
      System.out.println(help);
      return 0;
    }
    return switch (args[0]) {
      case "demo" -> Demo.run(options);
      case "summary" -> OnnxCommands.summary(options, System.out);
      case "check" -> OnnxCommands.check(options, System.out);
      case "finetune" -> FinetuneCommand.run(options);
      case "bench" -> {
        Bench.Options o = Bench.parse(options);
        Path report = o.report();
        System.out.println(report != null ? PerformanceReport.run(o, report)
            : o.vsPyTorch() ? PyTorchComparison.run(o) : Bench.run(o));
        yield 0;
      }
      default -> throw unknown(args[0]);
    };
  }

  private static IllegalArgumentException unknown(String command) {
    return new IllegalArgumentException("unknown command '" + command + "'; try lamina --help");
  }

  /** The exception's message on one line (its class name if it has none). */
  private static String oneLine(RuntimeException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replaceAll("\\s*\\R\\s*", " ");
  }
}
