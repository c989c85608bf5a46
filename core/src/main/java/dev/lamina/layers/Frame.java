// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.tensor.Matrix;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What one application of a layer works with in one run of a model: the inputs of this call,
 * buffers for the output and the input gradients, the layer's own scratch state and a seeded
 * generator. Each {@link Executor} (a predictor, a {@code predict} call, a training run) has one
 * frame per node, reused from batch to batch, so layers keep no per-call data themselves and the
 * hot loop allocates nothing once the buffers have grown to the batch size.
 */
public final class Frame {
  private static final Matrix NONE = new Matrix(0, 0);
  private final Layer layer;
  private final int step;
  private final Matrix[] inputs;
  private final Matrix output = new Matrix(0, 0);
  private final Matrix[] inputGradients;
  private final @Nullable Matrix[] passed;
  private final boolean[] needsInputGradient;
  private final List<Parameter> parameters;
  private final float[][] gradientScratch;
  private boolean scratchGradients;
  private @Nullable Object state;
  /** The seed of {@link #random}, which is made from it at its first use after each reseed. */
  private long seed;
  private @Nullable SplittableRandom random;
  private boolean appliesRelu;
  private boolean passesThrough;

  Frame(Layer layer, int step, int inputCount) {
    this.layer = layer;
    this.step = step;
    this.inputs = new Matrix[inputCount];
    java.util.Arrays.fill(inputs, NONE);
    this.inputGradients = new Matrix[inputCount];
    for (int i = 0; i < inputCount; i++) {
      inputGradients[i] = new Matrix(0, 0);
    }
    this.passed = new Matrix[inputCount];
    this.needsInputGradient = new boolean[inputCount];
    this.parameters = layer.parameters();
    this.gradientScratch = new float[parameters.size()][];
    this.seed = step;
  }

  /** The layer this frame runs. */
  public Layer layer() {
    return layer;
  }

  /** The number of inputs. */
  public int inputCount() {
    return inputs.length;
  }

  /** The input of a single-input layer, [batch, features]. Not to be modified. */
  public Matrix input() {
    if (inputs.length != 1) {
      throw new IllegalStateException(layer.where() + ": has " + inputs.length + " inputs; use input(i)");
    }
    return inputs[0];
  }

  /** Input {@code i}, [batch, features]. Not to be modified. */
  public Matrix input(int i) {
    return inputs[i];
  }

  void setInput(int i, Matrix m) {
    inputs[i] = m;
  }

  /** This frame's output buffer, reshaped to [rows, cols]; its values are not cleared. */
  public Matrix output(int rows, int cols) {
    return output.reshape(rows, cols);
  }

  /**
   * The layer's scratch state for this frame, made by {@code create} at the first call and
   * returned as it is afterwards: buffers and values kept from forward to backward (masks,
   * statistics, pre-activations). Pass a constructor reference ({@code Scratch::new}), which
   * allocates nothing per call.
   */
  @SuppressWarnings("unchecked")
  public <T> T state(Supplier<T> create) {
    Object s = state;
    if (s == null) {
      s = create.get();
      state = s;
    }
    return (T) s;
  }

  /**
   * This frame's generator, for layers that are random in training (dropout masks): reseeded by
   * the model at every epoch from (seed, node, epoch), so runs are reproducible and resumed
   * training draws what an uninterrupted run draws.
   */
  public SplittableRandom random() {
    SplittableRandom r = random;
    if (r == null) {
      r = new SplittableRandom(seed);
      random = r;
    }
    return r;
  }

  /**
   * Restarts the generator from {@code seed}. It is made at its first use, so a reseed at every
   * epoch allocates nothing for the frames of layers that draw no random numbers.
   */
  void reseed(long seed) {
    this.seed = seed;
    random = null;
  }

  /** Whether backward must compute the gradient of the single input. */
  public boolean needsInputGradient() {
    return needsInputGradient(0);
  }

  /** Whether backward must compute the gradient of input {@code i} (false: skip that work). */
  public boolean needsInputGradient(int i) {
    return needsInputGradient[i];
  }

  /** The buffer for the gradient of the single input, shaped like it. */
  public Matrix inputGradient() {
    return inputGradient(0);
  }

  /** The buffer for the gradient of input {@code i}, shaped like that input; fill it in backward. */
  public Matrix inputGradient(int i) {
    return inputGradients[i].reshape(inputs[i].rows(), inputs[i].cols());
  }

  /**
   * Hands {@code gradient} through as the gradient of input {@code i} instead of filling
   * {@link #inputGradient(int)}: for layers whose input gradient equals a matrix they already
   * have (the output gradient of {@code Flatten}, {@code Add}). The matrix is read, not copied.
   */
  public void passInputGradient(int i, Matrix gradient) {
    passed[i] = gradient;
  }

  /**
   * Where backward writes (not adds) the gradient of {@code p}, summed over the batch. The
   * parameter's own gradient array, or, for a layer applied more than once, a scratch array that
   * the model adds to it, so a shared layer's gradients are summed over its applications.
   */
  public float[] gradient(Parameter p) {
    if (!scratchGradients) {
      return p.gradient();
    }
    for (int k = 0; k < parameters.size(); k++) {
      if (parameters.get(k) == p) {
        float[] g = gradientScratch[k];
        if (g == null) {
          g = new float[p.size()];
          gradientScratch[k] = g;
        }
        return g;
      }
    }
    throw new IllegalArgumentException(layer.where() + ": " + p + " is not a parameter of this layer");
  }

  /** {@link #gradient(Parameter)}, or null when {@code p} is null or not trainable: no gradient to compute. */
  float @Nullable [] gradientIfTrainable(@Nullable Parameter p) {
    return p != null && p.isTrainable() ? gradient(p) : null;
  }

  /** The values of {@link #inputGradient()}, or null when backward need not compute it. */
  float @Nullable [] inputGradientIfNeeded() {
    return needsInputGradient() ? inputGradient().data() : null;
  }

  /**
   * Whether this node applies the ReLU that alone reads its output, fused by the {@link Executor}
   * (when {@link Layer#absorbsRelu()}): its output is then max(y, 0), and the gradient backward
   * gets is the ReLU's output gradient, to count only where the output is > 0.
   */
  boolean appliesRelu() {
    return appliesRelu;
  }

  /** Whether this node is a ReLU that the node before it applies: its input already is its output. */
  boolean passesThrough() {
    return passesThrough;
  }

  // ---- used by the executor ----

  void fuseRelu() {
    appliesRelu = true;
  }

  void passThrough() {
    passesThrough = true;
  }

  int step() {
    return step;
  }

  void prepareBackward(boolean[] needs, boolean scratch) {
    System.arraycopy(needs, 0, needsInputGradient, 0, needsInputGradient.length);
    java.util.Arrays.fill(passed, null);
    scratchGradients = scratch;
  }

  /** The gradient of input {@code i} after backward: the passed matrix, or the buffer. */
  Matrix inputGradientResult(int i) {
    Matrix p = passed[i];
    return p != null ? p : inputGradients[i];
  }

  /** After a backward into scratch arrays, adds them to the parameters' gradients. */
  void addScratchGradients() {
    if (!scratchGradients) {
      return;
    }
    for (int k = 0; k < parameters.size(); k++) {
      float[] g = gradientScratch[k];
      Parameter p = parameters.get(k);
      if (g != null && p.isTrainable()) {
        float[] total = p.gradient();
        for (int j = 0; j < total.length; j++) {
          total[j] += g[j];
        }
      }
    }
  }
}
