// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import dev.lamina.data.FashionMnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lamina demo}: a tour of the chapter. On Fashion-MNIST when it is found (no download
 * unless {@code --download}), else on the digits embedded in the jar; short by default (subsets
 * and few epochs: about a minute and a half on two cores after the build, 97 s measured on a
 * machine busy with other builds, on Fashion-MNIST), complete with {@code --full} (much longer).
 * Every sample writes its PNG charts into the plot folder, which is checked before any training,
 * as is every option.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class, description = {"a short tour of the chapter with PNG charts (--full for the complete experiments)",
    "",
    "Each experiment prints its numbers and writes PNG charts: the first network (Fashion-MNIST only), vanishing",
    "gradients (sigmoid/N(0,1) vs ReLU/He, ELU/He, SELU/LeCun), batch normalization (Fashion-MNIST only), gradient",
    "clipping, unsupervised pretraining, the optimizers race, the LR finder and schedules, regularization and MC",
    "dropout, residual connections, a convolutional network.",
    "Data: Fashion-MNIST from --data DIR, $LAMINA_DATA, ~/.cache/lamina/fashion-mnist or",
    "/usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist); with --download, fetched from the",
    "public mirror into ~/.cache/lamina (SHA-256 checked) when not found; otherwise (or with --digits) the 8x8",
    "digits embedded in the jar. The demo says which it used."})
final class Demo implements Callable<Integer> {
  @Option(names = "--data", paramLabel = "DIR", description = "the Fashion-MNIST folder")
  @Nullable Path data;

  @Option(names = "--download", description = "download Fashion-MNIST when it is not found")
  boolean download;

  @Option(names = "--digits", description = "use the 8x8 digits embedded in the jar")
  boolean digits;

  @Option(names = "--full", description = "the complete experiments (all images, more epochs; much longer) instead of the short tour")
  boolean full;

  @Option(names = "--plots", paramLabel = "DIR", description = "where the PNG charts go (default: ${DEFAULT-VALUE})")
  Path plots = Path.of("plots");

  @Option(names = "--epochs", paramLabel = "N", description = "epochs of the first network, at least 1 (default: ${DEFAULT-VALUE})")
  int epochs = 3;

  @Option(names = "--seed", paramLabel = "N", description = "the seed of every model and shuffle (default: ${DEFAULT-VALUE})")
  long seed = 42;

  @Override
  public Integer call() {
    if (epochs < 1) {
      throw new IllegalArgumentException("--epochs must be at least 1, but was " + epochs);
    }
    if (digits && data != null) {
      throw new IllegalArgumentException("--digits and --data exclude each other; pass one of them");
    }
    checkPlotFolder(plots);
    Optional<Path> fashion = digits ? Optional.empty()
        : download ? Optional.of(FashionMnist.resolve(data)) : FashionMnist.locate(data);
    long start = System.nanoTime();
    if (fashion.isPresent()) {
      FashionMnist all = FashionMnist.load(fashion.get());
      System.out.println("Data: Fashion-MNIST from " + fashion.get()); // only once it has loaded
      section("The chapter's first network (300-100-10 ELU, He init, SGD with momentum)");
      Quickstart.run(all, epochs, seed);
      tour(all, full ? SampleData.fashion(all, 60_000, 10_000) : SampleData.fashion(all, 10_000, 2_000), full, seed,
          plots);
    } else {
      System.out.println("Data: " + SampleData.digits(seed).description()
          + (digits ? "" : "; Fashion-MNIST was not found (see lamina demo --help)"));
      tour(null, SampleData.digits(seed), full, seed, plots);
    }
    System.out.printf("%nDone in %.0f s; charts in %s%n", (System.nanoTime() - start) / 1e9, plots.toAbsolutePath());
    return 0;
  }

  private static void tour(FashionMnist fashion, SampleData data, boolean full, long seed, Path plots) {
    boolean small = data.trainImages().samples() < 2_000;
    System.out.println((full ? "Full experiments on " : "Short tour on ") + data.description());
    section("1. Vanishing gradients: 12 hidden layers of 100 units");
    VanishingGradients.run(data, 12, 100, full || small ? 3 : 1, seed, plots);
    section("2. Batch normalization");
    if (fashion == null) {
      System.out.println("  skipped: it is the chapter's Fashion-MNIST experiment (28x28 inputs)");
    } else {
      FashionMnist subset = full ? fashion : new FashionMnist(fashion.trainImages().rows(0, 5_000),
          fashion.trainLabels().rows(0, 5_000), fashion.testImages().rows(0, 1_000), fashion.testLabels().rows(0, 1_000));
      BatchNormComparison.run(subset, full ? 3 : 2, seed, plots);
    }
    section("3. Gradient clipping: 12 ReLU layers, SGD with a high learning rate");
    GradientClipping.run(data, 12, 0.05, full || small ? 5 : 2, seed, plots);
    section("5. Unsupervised pretraining: an autoencoder's encoder reused with few labels");
    UnsupervisedPretraining.run(data, full ? 500 : 100, full ? 20 : small ? 30 : 5, 30, seed, plots);
    section("6. Optimizers race");
    OptimizerRace.run(data, full || small ? 10 : 5, seed, plots);
    section("7. Learning-rate finder and schedules");
    LearningRates.run(data, full || small ? 10 : 5, seed, plots);
    section("8. Regularization and MC dropout");
    Regularization.run(data, full ? 30 : small ? 20 : 10, seed, plots);
    section("10. Residual connections: 50 hidden layers, plain and residual");
    ResidualNetworks.run(data, 50, 64, full ? 10 : small ? 5 : 3, seed, plots);
    section("11. A convolutional network: the chapter's techniques on a CNN, beside the best dense network");
    ConvolutionalNetwork.run(full ? data : data.firstTraining(2_000), full ? 5 : small ? 10 : 2, seed, plots);
    System.out.println("\n(4. transfer learning: lamina finetune --help; 9. Kotlin: KotlinQuickstart.kt)");
  }

  /**
   * Fails before any training when the charts could not be written: {@code plots} is a file, or
   * cannot be created as a folder.
   */
  static void checkPlotFolder(Path plots) {
    if (Files.exists(plots) && !Files.isDirectory(plots)) {
      throw new IllegalArgumentException("--plots " + plots + " is a file, not a folder");
    }
    try {
      Files.createDirectories(plots);
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalArgumentException("--plots " + plots + " cannot be created as a folder ("
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
    }
  }

  private static void section(String title) {
    System.out.println();
    System.out.println("== " + title);
  }
}
