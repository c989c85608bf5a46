package dev.lamina.samples;

import dev.lamina.data.FashionMnist;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The {@code lamina} command line. Errors are one line on standard error with exit code 2;
 * {@code --debug} shows the stack trace too.
 */
public final class Main {
  private static final String USAGE = """
      usage: lamina <command> [options]

      commands:
        demo   [--data DIR] [--epochs N] [--seed N]
               train the chapter's first network on Fashion-MNIST and report test accuracy
        bench  --workload bn|plain|infer [--threads N] [--epochs N] [--batch N] [--seed N] [--data DIR]
               [--vs-pytorch [--rounds N] [--torch-script PATH]]
               the reference workloads of shared/bench, ending with a RESULT {json} line;
               --vs-pytorch alternates with shared/bench/torch_mlp.py and prints the ratio

      Fashion-MNIST is found through --data, then $LAMINA_DATA, ~/.cache/lamina/fashion-mnist,
      /usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist).
      Add --debug to any command to see stack traces.""";

  private Main() {}

  public static void main(String[] args) {
    boolean debug = Arrays.asList(args).contains("--debug");
    String[] rest = Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
    try {
      System.exit(run(rest));
    } catch (RuntimeException e) {
      System.err.println("lamina: " + e.getMessage());
      if (debug) {
        e.printStackTrace();
      }
      System.exit(2);
    }
  }

  static int run(String[] args) {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      System.out.println(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    String[] options = Arrays.copyOfRange(args, 1, args.length);
    if (Arrays.asList(options).contains("--help")) {
      System.out.println(USAGE);
      return 0;
    }
    switch (args[0]) {
      case "demo" -> demo(options);
      case "bench" -> {
        Bench.Options o = Bench.parse(options);
        System.out.println(o.vsPyTorch() ? PyTorchComparison.run(o) : Bench.run(o));
      }
      default -> throw new IllegalArgumentException("unknown command '" + args[0] + "'; try lamina --help");
    }
    return 0;
  }

  private static void demo(String[] args) {
    Path data = null;
    int epochs = 3;
    long seed = 42;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--data" -> data = Path.of(args[i + 1]);
        case "--epochs" -> epochs = Args.integer(args[i], args[i + 1]);
        case "--seed" -> seed = Args.longInteger(args[i], args[i + 1]);
        default -> throw new IllegalArgumentException("demo: unknown option " + args[i] + "; try lamina demo --help");
      }
    }
    Path found = FashionMnist.locate(data).orElseThrow(() -> new IllegalArgumentException(
        "Fashion-MNIST not found: pass --data DIR, set LAMINA_DATA, or install Debian's dataset-fashion-mnist"));
    System.out.println("Fashion-MNIST from " + found);
    Quickstart.run(FashionMnist.load(found), epochs, seed);
  }
}
