// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.layers.Executor;
import dev.lamina.layers.Mode;
import dev.lamina.math.Seeds;
import dev.lamina.tensor.Matrix;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Batched inference, plain and Monte Carlo: each call runs its own {@link Executor}. */
final class Prediction {
  /** Mixed into the model's seed for the Monte Carlo masks, so they differ from training's. */
  private static final long MONTE_CARLO_STREAM = 0x4D43L;

  private Prediction() {}

  /** The outputs for inputs {@code x}, computed in batches of {@code batchSize} in inference mode. */
  static List<Tensor> predict(Model model, List<Tensor> x, int batchSize) {
    model.checkInputs(x, "inputs");
    int samples = x.get(0).samples();
    try (Pool.Lease<Executor> run = model.executors.borrow()) {
      return predict(model, x, batchSize, run.item(), samples);
    }
  }

  private static List<Tensor> predict(Model model, List<Tensor> x, int batchSize, Executor run, int samples) {
    Batches batches = new Batches(x, batchSize);
    int outputs = model.outputs().size();
    float[][] results = new float[outputs][];
    for (int o = 0; o < outputs; o++) {
      results[o] = new float[Math.multiplyExact(samples, model.outputs().get(o).size())];
    }
    for (int start = 0; start < samples; start += batchSize) {
      int rows = batches.load(run, start);
      run.forward(Mode.INFER);
      for (int o = 0; o < outputs; o++) {
        int width = model.outputs().get(o).size();
        System.arraycopy(run.output(o).data(), 0, results[o], start * width, rows * width);
      }
    }
    List<Tensor> out = new ArrayList<>();
    for (int o = 0; o < outputs; o++) {
      out.add(Tensor.of(results[o], batchShape(samples, model.outputs().get(o).shape())));
    }
    return out;
  }

  /** Welford's running mean and standard deviation of {@code passes} Monte Carlo forward passes. */
  static MonteCarloPrediction monteCarlo(Model model, Tensor x, int passes, int batchSize) {
    model.checkInputs(List.of(x), "inputs");
    try (Pool.Lease<Executor> run = model.executors.borrow()) {
      run.item().reseed(Seeds.derive(model.seed(), MONTE_CARLO_STREAM), 0);
      return monteCarlo(model, x, passes, batchSize, run.item());
    }
  }

  private static MonteCarloPrediction monteCarlo(Model model, Tensor x, int passes, int batchSize, Executor run) {
    int samples = x.samples();
    int outputs = model.outputs().get(0).size();
    Batches batches = new Batches(List.of(x), batchSize);
    float[] mean = new float[samples * outputs];
    float[] std = new float[samples * outputs];
    double[] m = new double[Math.min(batchSize, Math.max(samples, 1)) * outputs];
    double[] m2 = new double[m.length];
    for (int start = 0; start < samples; start += batchSize) {
      int rows = batches.load(run, start);
      int n = rows * outputs;
      Arrays.fill(m, 0);
      Arrays.fill(m2, 0);
      for (int pass = 1; pass <= passes; pass++) {
        run.forward(Mode.MONTE_CARLO);
        float[] out = run.output(0).data();
        for (int k = 0; k < n; k++) {
          double delta = out[k] - m[k];
          m[k] += delta / pass;
          m2[k] += delta * (out[k] - m[k]);
        }
      }
      for (int k = 0; k < n; k++) {
        mean[start * outputs + k] = (float) m[k];
        std[start * outputs + k] = (float) Math.sqrt(m2[k] / passes);
      }
    }
    int[] shape = batchShape(samples, model.outputs().get(0).shape());
    return new MonteCarloPrediction(Tensor.of(mean, shape), Tensor.of(std, shape.clone()), passes);
  }

  static int[] batchShape(int samples, int[] sampleShape) {
    int[] shape = new int[sampleShape.length + 1];
    shape[0] = samples;
    System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
    return shape;
  }

  /**
   * Consecutive batches of the input tensors, set as the executor's inputs. A single batch is read
   * in place (inference writes only the executor's buffers), which saves a copy (10% of
   * batch-1024 inference).
   */
  static final class Batches {
    private final List<Tensor> x;
    private final int batchSize;
    private final Matrix[] batch;
    private final boolean inPlace;

    Batches(List<Tensor> x, int batchSize) {
      this.x = x;
      this.batchSize = batchSize;
      int samples = x.get(0).samples();
      this.inPlace = samples <= batchSize;
      this.batch = new Matrix[x.size()];
      for (int i = 0; i < x.size(); i++) {
        int features = x.get(i).size() / Math.max(samples, 1);
        batch[i] = inPlace ? Matrix.wrap(x.get(i).data(), samples, features)
            : new Matrix(Math.min(batchSize, Math.max(samples, 1)), features);
      }
    }

    /** Sets the batch starting at sample {@code start} as the inputs; returns its number of rows. */
    int load(Executor run, int start) {
      int samples = x.get(0).samples();
      int rows = Math.min(batchSize, samples - start);
      for (int i = 0; i < batch.length; i++) {
        if (!inPlace) {
          int features = batch[i].cols();
          batch[i].reshape(rows, features);
          System.arraycopy(x.get(i).data(), start * features, batch[i].data(), 0, rows * features);
        }
        run.setInput(i, batch[i]);
      }
      return rows;
    }
  }
}
