// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import dev.lamina.data.FashionMnist;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code lamina bench}: the options of {@link Bench}, and which of its runs they ask for. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class, description = {
    "--workload bn|plain|infer|cnn|resnet|cnn-infer|serve|cnn-serve: the reference workloads of shared/bench, and serving",
    "",
    "The reference workloads of shared/bench, ending with a RESULT {json} line (throughput, test accuracy, bytes",
    "allocated per batch, peak RSS); --threads shares the work (results are identical for any count).",
    "Dense: bn, plain (3 epochs on 60,000 images), infer (batch 1 and 1024). Convolutional, images [1, 28, 28]:",
    "cnn, resnet (2 epochs on the first --train-samples images, default 12,000), cnn-infer (batch 1 and 256).",
    "Serving, no PyTorch side: serve (bn model), cnn-serve (cnn model): predictions/s and bytes allocated per call at",
    "1, 2 and 16 client threads sharing one model (batch 1 through model.predictorPool(), batch 32 through predict).",
    "0 for --epochs, --batch, --train-samples, --infer-calls, --infer-rounds means the workload's default.",
    "--vs-pytorch alternates fresh processes with shared/bench/torch_mlp.py (dense) or torch_cnn.py",
    "(convolutional) and prints the ratio; --report runs every workload at 1 and 2 threads against PyTorch and",
    "writes the performance page."})
final class BenchCommand implements Callable<Integer> {
  @ParentCommand
  @Nullable Main main;

  @Option(names = "--workload", paramLabel = "NAME", description = "bn, plain, infer, cnn, resnet, cnn-infer, serve or cnn-serve")
  @Nullable String workload;

  @Option(names = "--threads", paramLabel = "N", description = "threads sharing the work (default: ${DEFAULT-VALUE})")
  int threads = 1;

  @Option(names = "--epochs", paramLabel = "N", description = "training epochs (default: 0, the workload's)")
  int epochs;

  @Option(names = "--batch", paramLabel = "N", description = "batch size (default: 0, the workload's)")
  int batch;

  @Option(names = "--train-samples", paramLabel = "N", description = "training images of cnn and resnet (default: 0, the workload's)")
  int trainSamples;

  @Option(names = "--infer-calls", paramLabel = "N", description = "inference calls per round (default: 0, the workload's)")
  int inferCalls;

  @Option(names = "--infer-rounds", paramLabel = "N", description = "inference rounds (default: 0, the workload's)")
  int inferRounds;

  @Option(names = "--seed", paramLabel = "N", description = "(default: ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST (else $LAMINA_DATA, ...)")
  @Nullable Path data;

  @Option(names = "--vs-pytorch", description = "alternate with the PyTorch script and print the ratio")
  boolean vsPyTorch;

  @Option(names = "--rounds", paramLabel = "N", description = "rounds of --vs-pytorch and --report (default: ${DEFAULT-VALUE})")
  int rounds = 3;

  @Option(names = "--torch-script", paramLabel = "PATH", description = "the PyTorch script, or the folder holding both")
  @Nullable Path torchScript;

  @Option(names = "--torch-threads", paramLabel = "N", description = "PyTorch's threads (default: --threads)")
  int torchThreads;

  @Option(names = "--torch-blas-threads", paramLabel = "N", description = "PyTorch's BLAS threads (default: 0, its own)")
  int torchBlasThreads;

  @Option(names = "--report", paramLabel = "FILE", description = "write the performance page (docs/performance.md)")
  @Nullable Path report;

  @Override
  public Integer call() {
    Bench.Options o = options();
    Path page = o.report();
    Object result = page != null ? PerformanceReport.run(o, page) : o.vsPyTorch() ? PyTorchComparison.run(o) : Bench.run(o);
    (main != null ? main.out : System.out).println(result); // the comparison prints as its report
    return 0;
  }

  /** The options, checked; 0 for epochs, batch, trainSamples, inferCalls and inferRounds is the workload's default. */
  Bench.Options options() {
    if (workload == null && report == null) {
      throw new IllegalArgumentException("--workload " + Workload.names("|", "|") + " (or --report FILE) is required");
    }
    if (workload != null) {
      Workload w = Workload.named(workload);
      if (vsPyTorch && !w.comparedWithPyTorch()) {
        throw new IllegalArgumentException("--vs-pytorch: " + workload + " has no PyTorch counterpart (the scripts do"
            + " not serve from several threads)");
      }
      if (trainSamples != 0 && !w.takesTrainSamples()) {
        throw new IllegalArgumentException("--train-samples applies to the convolutional training workloads (cnn,"
            + " resnet); " + workload + (w.training() ? " trains on all 60,000 images, as torch_mlp.py does"
            : " does not train"));
      }
    }
    Path found = FashionMnist.locate(data).orElseThrow(() -> new IllegalArgumentException(
        "Fashion-MNIST not found: pass --data DIR or set LAMINA_DATA"));
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be >= 1, but was " + threads);
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be >= 1, but was " + rounds);
    }
    orDefault("--epochs", epochs);
    orDefault("--batch", batch);
    orDefault("--train-samples", trainSamples);
    orDefault("--infer-calls", inferCalls);
    orDefault("--infer-rounds", inferRounds);
    return new Bench.Options(workload != null ? workload : "all", threads, epochs, batch, trainSamples, inferCalls,
        inferRounds, seed, found, vsPyTorch, rounds, torchScript, torchThreads > 0 ? torchThreads : threads,
        torchBlasThreads, report);
  }

  /** A count that is 0 for the workload's default, or positive. */
  private static void orDefault(String option, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(option + " must be >= 1 (or 0 for the workload's default), but was " + value);
    }
  }
}
