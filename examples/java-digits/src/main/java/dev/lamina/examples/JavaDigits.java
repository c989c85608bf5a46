// SPDX-License-Identifier: Apache-2.0

package dev.lamina.examples;

import static dev.lamina.activations.Activations.ELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.flatten;
import static dev.lamina.dsl.Layers.input;
import static dev.lamina.initializers.Initializers.heNormal;

import dev.lamina.data.Dataset;
import dev.lamina.data.Digits;
import dev.lamina.data.Split;
import dev.lamina.dsl.Network;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Sequential;
import dev.lamina.onnx.OnnxExporter;
import dev.lamina.onnx.OnnxRuntimeCheck;
import dev.lamina.optimizers.Optimizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trains a small network on the handwritten digits embedded in lamina-core, exports it to ONNX and
 * checks the file in ONNX Runtime on the held-out images. Exits with 1 when the test accuracy or
 * the agreement with ONNX Runtime falls short.
 */
public final class JavaDigits {
  /** The test accuracy this network reaches on the digits (about 0.97), with a margin. */
  private static final double MIN_ACCURACY = 0.9;
  /** How far ONNX Runtime's probabilities may differ from Lamina's (float32 arithmetic). */
  private static final double TOLERANCE = 1e-5;
  private static final long SEED = 42;

  private JavaDigits() {}

  public static void main(String[] args) throws IOException {
    Path onnx = Path.of(args.length > 0 ? args[0] : "java-digits.onnx");
    Digits digits = Digits.load();
    Split split = Split.stratified(digits.dataset(), 0.2, SEED);
    Dataset train = split.train();
    Dataset test = split.validation();

    Sequential model = Network.sequential(SEED, input(8, 8),
        flatten(),
        dense(64).activation(ELU).kernelInitializer(heNormal()),
        dense(32).activation(ELU).kernelInitializer(heNormal()),
        dense(10).activation(SOFTMAX));
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().learningRate(1e-3).build(),
        Metrics.accuracy());
    model.fit(train.features(), train.labels(), FitOptions.defaults().epochs(15).seed(SEED).verbose(false));
    double accuracy = model.evaluate(test.features(), test.labels()).get("accuracy");
    System.out.printf("Java digits: test accuracy %.4f on %d images (%s)%n", accuracy, test.size(), digits.source());

    OnnxExporter.write(model, onnx);
    OnnxRuntimeCheck.Result check = OnnxRuntimeCheck.compare(model, Files.readAllBytes(onnx), test.features());
    System.out.printf("Java digits: %s, ONNX Runtime agrees within %.1e%n", onnx, check.maxAbsDiff());

    if (accuracy < MIN_ACCURACY || !check.within(TOLERANCE)) {
      System.err.printf("Java digits: FAILED (accuracy %.4f, need %.2f; ONNX Runtime difference %.1e, allowed %.0e)%n",
          accuracy, MIN_ACCURACY, check.maxAbsDiff(), TOLERANCE);
      System.exit(1);
    }
  }
}
