// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Relu;
import dev.lamina.activations.Sigmoid;
import dev.lamina.activations.Tanh;
import dev.lamina.layers.Activated;
import dev.lamina.layers.Frame;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Parameter;
import dev.lamina.tensor.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Watches the health of training, layer by layer, as chapter 11 of Géron's book does by hand:
 * the norm of each layer's weight gradient as back-propagation left it, before any clipping
 * (vanishing or exploding gradients), the norm of its weights, the fraction of dead units (a ReLU
 * unit whose input is ≤ 0 for every sample of a batch; leaky ReLU and ELU units still get a
 * gradient there, so they cannot die and show "-") and of saturated units (sigmoid output outside
 * [0.01, 0.99], tanh outside [−0.99, 0.99]).
 *
 * <p>Values are averaged over the batches of each epoch; {@link #epochs()} returns one
 * {@link Snapshot} per epoch and {@link #table()} prints the last one.
 *
 * <pre>{@code
 * TrainingDiagnostics diagnostics = new TrainingDiagnostics();
 * model.fit(x, y, FitOptions.defaults().epochs(3).callbacks(diagnostics));
 * String table = diagnostics.table();          // the last epoch's, one row per layer
 * }</pre>
 */
public final class TrainingDiagnostics implements Callback {
  /** |z| beyond which a sigmoid's output is outside [0.01, 0.99]: ln(99). */
  static final double SIGMOID_SATURATION = Math.log(99);
  /** |z| beyond which tanh is outside [−0.99, 0.99]: atanh(0.99). */
  static final double TANH_SATURATION = 0.5 * Math.log(1.99 / 0.01);

  private final List<Snapshot> epochs = new ArrayList<>();
  private List<Layer> layers = List.of();
  private double[] gradientNorms = new double[0];
  private double[] dead = new double[0];
  private double[] saturated = new double[0];
  private int batches;

  /** One layer's averages over an epoch; NaN where a quantity does not apply to the layer. */
  public record LayerStats(String layer, double gradientNorm, double weightNorm, double deadFraction,
      double saturatedFraction) {}

  /** The statistics of every layer with weights or an activation, for one epoch. */
  public record Snapshot(int epoch, List<LayerStats> layers) {}

  @Override
  public void onTrainBegin(TrainBegin event) {
    layers = event.model().layers().stream()
        .filter(l -> !l.parameters().isEmpty() || l instanceof Activated)
        .toList();
    gradientNorms = new double[layers.size()];
    dead = new double[layers.size()];
    saturated = new double[layers.size()];
  }

  @Override
  public void onEpochBegin(EpochStart event) {
    java.util.Arrays.fill(gradientNorms, 0);
    java.util.Arrays.fill(dead, 0);
    java.util.Arrays.fill(saturated, 0);
    batches = 0;
  }

  /** The gradient norms before the optimizer clips them: clipping would hide exploding gradients. */
  @Override
  public void onBatchGradients(BatchGradients event) {
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      Parameter kernel = layer.parameters().isEmpty() ? null : layer.parameters().get(0);
      if (kernel != null && kernel.isTrainable()) {
        gradientNorms[i] += norm(kernel.gradient());
      }
    }
  }

  @Override
  public void onBatchEnd(BatchEnd event) {
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      Frame frame = event.frame(layer);
      if (layer instanceof Activated a && frame != null) {
        dead[i] += deadFraction(a.activation(), a.preActivation(frame));
        saturated[i] += saturatedFraction(a.activation(), a.preActivation(frame));
      }
    }
    batches++;
  }

  @Override
  public void onEpochEnd(EpochEnd event) {
    List<LayerStats> stats = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      Layer layer = layers.get(i);
      Parameter kernel = layer.parameters().isEmpty() ? null : layer.parameters().get(0);
      Activation activation = layer instanceof Activated a ? a.activation() : null;
      stats.add(new LayerStats(layer.name(),
          kernel != null && kernel.isTrainable() ? gradientNorms[i] / Math.max(batches, 1) : Double.NaN,
          kernel != null ? norm(kernel.value()) : Double.NaN,
          isRectifier(activation) ? dead[i] / Math.max(batches, 1) : Double.NaN,
          isSquashing(activation) ? saturated[i] / Math.max(batches, 1) : Double.NaN));
    }
    epochs.add(new Snapshot(event.epoch(), List.copyOf(stats)));
  }

  /** One snapshot per epoch trained. */
  public List<Snapshot> epochs() {
    return List.copyOf(epochs);
  }

  /** The last epoch's statistics as a text table (empty before the first epoch ends). */
  public String table() {
    if (epochs.isEmpty()) {
      return "";
    }
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-24s %14s %12s %8s %11s%n",
        "layer", "gradient norm", "weight norm", "dead", "saturated"));
    for (LayerStats l : epochs.get(epochs.size() - 1).layers()) {
      s.append(String.format(Locale.ROOT, "%-24s %14s %12s %8s %11s%n", l.layer(), number(l.gradientNorm()),
          number(l.weightNorm()), percent(l.deadFraction()), percent(l.saturatedFraction())));
    }
    return s.toString();
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3e", v);
  }

  private static String percent(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  private static boolean isRectifier(Activation a) {
    return a instanceof Relu;
  }

  private static boolean isSquashing(Activation a) {
    return a instanceof Sigmoid || a instanceof Tanh;
  }

  static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }

  /** The fraction of units whose pre-activation is ≤ 0 for every sample of the batch. */
  static double deadFraction(Activation activation, Matrix z) {
    if (!isRectifier(activation) || z.rows() == 0) {
      return 0;
    }
    int rows = z.rows();
    int cols = z.cols();
    float[] d = z.data();
    int deadUnits = 0;
    for (int c = 0; c < cols; c++) {
      boolean alive = false;
      for (int r = 0; r < rows && !alive; r++) {
        alive = d[r * cols + c] > 0;
      }
      deadUnits += alive ? 0 : 1;
    }
    return (double) deadUnits / cols;
  }

  /** The fraction of (sample, unit) values in a sigmoid's or tanh's flat tails. */
  static double saturatedFraction(Activation activation, Matrix z) {
    double limit = activation instanceof Sigmoid ? SIGMOID_SATURATION : activation instanceof Tanh ? TANH_SATURATION : -1;
    if (limit < 0 || z.size() == 0) {
      return 0;
    }
    float[] d = z.data();
    int count = 0;
    for (int i = 0, n = z.size(); i < n; i++) {
      count += Math.abs(d[i]) > limit ? 1 : 0;
    }
    return (double) count / z.size();
  }
}
