// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static dev.lamina.activations.Activations.ELU;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.input;

import dev.lamina.dsl.Network;
import dev.lamina.initializers.Initializers;
import dev.lamina.layers.Frame;
import dev.lamina.layers.GradientCheck;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.Mode;
import dev.lamina.layers.Stochastic;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.FitOptions;
import dev.lamina.model.History;
import dev.lamina.model.Model;
import dev.lamina.onnx.OnnxExportable;
import dev.lamina.onnx.OnnxExporter;
import dev.lamina.onnx.OnnxNodeWriter;
import dev.lamina.onnx.OnnxRuntimeCheck;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Matrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * A layer of one's own, written on the same public contract as Lamina's layers: Keras'
 * {@code GaussianNoise}, which adds zero-mean Gaussian noise in training (a regularizer) and is the
 * identity in inference. The sample checks its gradient with {@link GradientCheck}, trains a
 * network with it beside the same network without noise, and exports it to ONNX through the
 * layer's own mapping ({@link OnnxExportable}), checked by ONNX Runtime.
 */
public final class CustomLayer {
  private CustomLayer() {}

  /**
   * Adds N(0, stddev²) noise to every input in training ({@link Mode#TRAIN}); the identity in
   * inference and Monte Carlo mode (Keras' {@code GaussianNoise(stddev)}). The noise is drawn from
   * the frame's generator, which the model reseeds every epoch, so runs are reproducible; the
   * {@link Stochastic} marker keeps the frozen-layer cache from caching it.
   */
  public static final class GaussianNoise extends Layer implements Stochastic, OnnxExportable {
    private final double stddev;

    public GaussianNoise(double stddev) {
      this(stddev, null);
    }

    public GaussianNoise(double stddev, @Nullable String name) {
      super(name);
      if (!(stddev >= 0) || Double.isInfinite(stddev)) {
        throw new IllegalArgumentException("GaussianNoise: stddev must be finite and >= 0, but was " + stddev);
      }
      this.stddev = stddev;
    }

    public double stddev() {
      return stddev;
    }

    @Override
    protected int[] build(int[] inputShape) {
      return inputShape; // no weights
    }

    @Override
    public Matrix forward(Frame f, Mode mode) {
      Matrix x = f.input();
      if (mode != Mode.TRAIN || stddev == 0) {
        return x;
      }
      Matrix y = f.output(x.rows(), x.cols());
      SplittableRandom random = f.random();
      float[] in = x.data();
      float[] out = y.data();
      for (int i = 0, n = x.size(); i < n; i++) {
        out[i] = (float) (in[i] + stddev * random.nextGaussian());
      }
      return y;
    }

    /** The noise does not depend on the input, so the input gradient is the output gradient. */
    @Override
    public void backward(Frame f, Matrix dy) {
      f.passInputGradient(0, dy);
    }

    /** In ONNX, as in inference, the identity (Keras' and PyTorch's exports drop such layers). */
    @Override
    public void exportOnnx(OnnxNodeWriter w) {
      w.output("Identity", List.of(w.input()));
    }

    /** What cloning and copying a model use to make an identical layer. */
    @Override
    public LayerSpec spec() {
      return new GaussianNoise(stddev, name());
    }
  }

  /**
   * The gradient check's worst error ratio, the test accuracy with and without noise, and the
   * largest difference between the exported model in ONNX Runtime and Lamina.
   */
  public record Result(double worstGradientRatio, double accuracyWithNoise, double accuracyWithout,
      double onnxMaxDifference) {}

  public static Result run(SampleData data, int epochs, long seed, Path onnxFile) {
    GradientCheck.Result check = GradientCheck.of(new GaussianNoise(0.5), new int[] {6}).mode(Mode.TRAIN).check();
    System.out.printf(Locale.ROOT, "  gradient check of GaussianNoise(0.5): worst error %.2f of the tolerance%n",
        check.worstRatio());
    Model noisy = train(data, 0.3, epochs, seed);
    double with = accuracy(noisy, data);
    double without = accuracy(train(data, 0, epochs, seed), data);
    System.out.printf(Locale.ROOT, "  test accuracy with GaussianNoise(0.3) %.3f, without %.3f%n", with, without);
    try {
      OnnxExporter.write(noisy, onnxFile);
      double difference = OnnxRuntimeCheck.compare(noisy, Files.readAllBytes(onnxFile), 32, seed).maxAbsDiff();
      System.out.printf(Locale.ROOT, "  exported to %s; ONNX Runtime agrees within %.1e%n", onnxFile, difference);
      return new Result(check.worstRatio(), with, without, difference);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double accuracy(Model model, SampleData data) {
    SampleData standardized = data.standardized();
    return model.evaluate(standardized.testImages(), standardized.testLabels()).get("accuracy");
  }

  private static Model train(SampleData data, double stddev, int epochs, long seed) {
    SampleData standardized = data.standardized();
    var x = input(standardized.features());
    SymbolicTensor h = new GaussianNoise(stddev).apply(x);
    h = dense(100, ELU).kernelInitializer(Initializers.heNormal()).apply(h);
    Model model = Network.model(seed, x, dense(standardized.classes(), SOFTMAX).apply(h));
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().learningRate(1e-3).build(),
        Metrics.accuracy());
    History history = model.fit(standardized.trainImages(), standardized.trainLabels(),
        FitOptions.defaults().epochs(epochs).seed(seed).verbose(false));
    if (history.epochs() != epochs) {
      throw new IllegalStateException("CustomLayer: training stopped early: " + history.stopReason());
    }
    return model;
  }

  public static void main(String[] args) {
    Path plots = Path.of(args.length > 0 ? args[0] : "plots");
    run(SampleData.digits(42), 10, 42, SampleSupport.file(plots, "custom-layer.onnx"));
  }
}
