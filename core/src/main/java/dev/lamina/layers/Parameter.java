// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.constraints.Constraint;
import dev.lamina.initializers.Initializer;
import dev.lamina.regularizers.Regularizer;
import dev.lamina.tensor.Shapes;
import dev.lamina.tensor.Tensor;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A named weight tensor of a layer with its gradient. Names follow Keras: {@code "dense/kernel"},
 * {@code "dense/bias"}. The gradient holds the sum over the batch of ∂loss/∂value from the latest
 * backward pass (the loss already carries the 1/batch of its mean).
 *
 * <p>As a Keras variable, a parameter may carry a {@link Regularizer} (its penalty is added to the
 * training loss) and a {@link Constraint} (applied after each optimizer update).
 */
public final class Parameter {
  private final @Nullable Layer owner;
  private final String name;
  private final boolean state;
  private @Nullable String fullName;
  private final @Nullable Initializer initializer;
  private final int[] shape;
  private final float[] value;
  private final float[] gradient;
  private boolean trainable;
  private @Nullable Regularizer regularizer;
  private @Nullable Constraint constraint;
  private double learningRateMultiplier = 1;

  /** A zero parameter of the given shape, on its own (not part of a layer). */
  public Parameter(String name, int[] shape, boolean trainable) {
    this(null, name, shape, trainable, false, null);
  }

  /** A parameter of {@code owner}, named {@code owner/localName} once the layer has its name. */
  Parameter(@Nullable Layer owner, String localName, int[] shape, boolean trainable, boolean state,
      @Nullable Initializer initializer) {
    this.owner = owner;
    this.name = localName;
    this.state = state;
    this.initializer = initializer;
    this.shape = shape.clone();
    int size = Math.toIntExact(Shapes.size(shape));
    this.value = new float[size];
    this.gradient = new float[size];
    this.trainable = trainable;
  }

  /** The full name, {@code layer/weight}. */
  public String name() {
    String full = fullName;
    if (full == null) {
      full = owner == null ? name : owner.name() + "/" + name; // fixed once the layer has its name
      fullName = full;
    }
    return full;
  }

  /** The name within its layer: {@code kernel}, {@code bias}. */
  public String localName() {
    return name;
  }

  /** Whether this is state the layer updates itself (moving statistics), never trainable. */
  public boolean isState() {
    return state;
  }

  /** What fills the values when a model initialises the layer, or null when the layer does. */
  @Nullable Initializer initializer() {
    return initializer;
  }

  /** A copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** The number of values. */
  public int size() {
    return value.length;
  }

  /** The values, updated in place by optimizers. */
  public float[] value() {
    return value;
  }

  /** The gradient of the latest backward pass. */
  public float[] gradient() {
    return gradient;
  }

  /**
   * The factor applied to the optimizer's learning rate for this parameter (default 1), for
   * discriminative fine-tuning: lower rates for reused layers than for a new head.
   */
  public double learningRateMultiplier() {
    return learningRateMultiplier;
  }

  /**
   * Sets the learning-rate factor.
   *
   * @throws IllegalArgumentException unless the factor is finite and ≥ 0
   */
  public void setLearningRateMultiplier(double multiplier) {
    if (!(multiplier >= 0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("Parameter " + name() + ": learningRateMultiplier must be finite and >= 0, but was "
          + multiplier);
    }
    this.learningRateMultiplier = multiplier;
  }

  /** Whether optimizers update this parameter. */
  public boolean isTrainable() {
    return trainable;
  }

  void setTrainable(boolean trainable) {
    this.trainable = trainable;
  }

  /** The penalty added to the loss, or null. */
  public @Nullable Regularizer regularizer() {
    return regularizer;
  }

  /** The projection applied after each optimizer update, or null. */
  public @Nullable Constraint constraint() {
    return constraint;
  }

  void setRegularizer(@Nullable Regularizer regularizer) {
    this.regularizer = regularizer;
  }

  void setConstraint(@Nullable Constraint constraint) {
    this.constraint = constraint;
  }

  /**
   * The regularization penalty of the current values (0 without a regularizer); when
   * {@code addGradient}, also adds its gradient to {@link #gradient()}. Modified: the gradient.
   */
  public double penalty(boolean addGradient) {
    Regularizer r = regularizer;
    return r == null ? 0 : r.penalty(value, addGradient ? gradient : null);
  }

  /** Applies the constraint, if any, to the values in place. Modified: the values. */
  public void constrain() {
    Constraint c = constraint;
    if (c != null) {
      c.apply(value, shape);
    }
  }

  /** A copy of the values as a tensor. */
  public Tensor toTensor() {
    return Tensor.of(value.clone(), shape);
  }

  /**
   * Copies {@code values} into this parameter.
   *
   * @throws IllegalArgumentException if the shapes differ
   */
  public void set(Tensor values) {
    if (!Arrays.equals(values.shape(), shape)) {
      throw new IllegalArgumentException(
          "Parameter " + name() + ": expected shape " + Arrays.toString(shape) + ", but got "
              + Arrays.toString(values.shape()));
    }
    System.arraycopy(values.data(), 0, value, 0, value.length);
  }

  @Override
  public String toString() {
    return name() + Arrays.toString(shape);
  }
}
