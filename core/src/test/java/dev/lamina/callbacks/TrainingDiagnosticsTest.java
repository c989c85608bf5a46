// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activations;
import dev.lamina.initializers.Initializers;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Input;
import dev.lamina.losses.Losses;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Matrix;
import dev.lamina.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainingDiagnosticsTest {

  @Test
  void deadAndSaturatedFractionsCountUnitsAndValues() {
    Matrix z = Matrix.wrap(new float[] {-1, 2, 0, -3, 5, -0.5f}, 2, 3); // column 0 and 2 never positive
    assertEquals(2.0 / 3, TrainingDiagnostics.deadFraction(Activations.RELU, z), 1e-12);
    assertEquals(0, TrainingDiagnostics.deadFraction(Activations.SIGMOID, z));
    assertEquals(0, TrainingDiagnostics.deadFraction(Activations.LEAKY_RELU, z), "leaky units still learn below 0");
    assertEquals(0, TrainingDiagnostics.deadFraction(Activations.ELU, z), "ELU units still learn below 0");
    assertEquals(2.0 / 6, TrainingDiagnostics.saturatedFraction(Activations.TANH, z), 1e-12); // |z| > 2.65: -3, 5
    assertEquals(1.0 / 6, TrainingDiagnostics.saturatedFraction(Activations.SIGMOID, z), 1e-12); // |z| > 4.6: 5
  }

  @Test
  void showsVanishingGradientsInADeepSigmoidNetwork() {
    SplittableRandom r = new SplittableRandom(1);
    float[] x = new float[256 * 8];
    float[] y = new float[256];
    for (int i = 0; i < 256; i++) {
      for (int j = 0; j < 8; j++) {
        x[i * 8 + j] = (float) r.nextGaussian();
      }
      y[i] = x[i * 8] > 0 ? 1 : 0;
    }
    Dense.Builder[] layers = new Dense.Builder[9];
    for (int i = 0; i < 8; i++) {
      layers[i] = Dense.builder(32).activation(Activations.SIGMOID).kernelInitializer(Initializers.randomNormal(0, 1));
    }
    layers[8] = Dense.builder(2).activation(Activations.SOFTMAX);
    Sequential model = Sequential.of(3, Input.of(8), layers);
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().build());
    TrainingDiagnostics diagnostics = new TrainingDiagnostics();
    model.fit(Tensor.of(x, 256, 8), Tensor.of(y, 256), FitOptions.defaults().epochs(1).verbose(false)
        .callbacks(diagnostics));
    List<TrainingDiagnostics.LayerStats> stats = diagnostics.epochs().get(0).layers();
    assertEquals(9, stats.size());
    double first = stats.get(0).gradientNorm();
    double last = stats.get(7).gradientNorm();
    assertTrue(first < last / 4, "gradient norms should shrink toward the input: first " + first + ", last " + last);
    assertTrue(stats.get(0).saturatedFraction() > 0.05, "N(0,1) weights saturate sigmoids: " + stats.get(0));
    assertTrue(diagnostics.table().contains("dense_8"), diagnostics.table());
  }

  @Test
  void gradientNormsAreTakenBeforeClipping() {
    SplittableRandom r = new SplittableRandom(2);
    float[] x = new float[64 * 4];
    float[] y = new float[64];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (1000 * r.nextGaussian()); // huge inputs: huge weight gradients
    }
    double[] norms = new double[2];
    for (int clipped = 0; clipped < 2; clipped++) {
      Sequential model = Sequential.of(3, Input.of(4), Dense.builder(1));
      var sgd = Optimizers.sgd().learningRate(1e-9);
      model.compile(Losses.meanSquaredError(), clipped == 1 ? sgd.clipNorm(1).build() : sgd.build());
      TrainingDiagnostics diagnostics = new TrainingDiagnostics();
      model.fit(Tensor.of(x, 64, 4), Tensor.of(y, 64, 1), FitOptions.defaults().epochs(1).batchSize(64)
          .shuffle(false).verbose(false).callbacks(diagnostics));
      norms[clipped] = diagnostics.epochs().get(0).layers().get(0).gradientNorm();
    }
    assertTrue(norms[0] > 100, "the raw gradient is large: " + norms[0]);
    assertEquals(norms[0], norms[1], 1e-9 * norms[0], "clipNorm(1) must not hide it");
  }
}
