package dev.lamina.layers;

import java.util.ArrayList;
import java.util.List;

/** What every layer shares: name, trainable flag, parameter list and output shape. */
abstract class BaseLayer {
  private final String name;
  private final List<Parameter> parameters = new ArrayList<>();
  /** Non-trainable state (BatchNormalization's moving statistics): never made trainable. */
  private final List<Parameter> state = new ArrayList<>();
  private boolean trainable;
  private int[] outputShape = new int[0];
  private boolean built;

  BaseLayer(String name, boolean trainable) {
    this.name = name;
    this.trainable = trainable;
  }

  public final String name() {
    return name;
  }

  public final boolean isTrainable() {
    return trainable;
  }

  public void setTrainable(boolean trainable) {
    this.trainable = trainable;
    for (Parameter p : parameters) {
      p.setTrainable(trainable && !state.contains(p));
    }
  }

  public final List<Parameter> parameters() {
    return List.copyOf(parameters);
  }

  public final int[] outputShape() {
    return outputShape.clone();
  }

  /** Adds a trainable parameter named {@code layer/weight}. */
  final Parameter addParameter(String weight, int... shape) {
    Parameter p = new Parameter(name + "/" + weight, shape, trainable);
    parameters.add(p);
    return p;
  }

  /**
   * Adds a non-trainable parameter named {@code layer/weight}: state that the layer itself updates
   * (Keras {@code add_weight(trainable=False)}), never an optimizer.
   */
  final Parameter addState(String weight, int... shape) {
    Parameter p = new Parameter(name + "/" + weight, shape, false);
    parameters.add(p);
    state.add(p);
    return p;
  }

  /** Marks the layer built with the given output shape; a layer is built once. */
  final int[] built(int[] outputShape) {
    if (built) {
      throw new IllegalStateException(type() + "(name=" + name + "): already built; use spec() to create a new layer");
    }
    built = true;
    this.outputShape = outputShape.clone();
    return outputShape.clone();
  }

  /** {@code Type(name=...)}: the prefix of every error message about this layer. */
  final String where() {
    return type() + "(name=" + name + ")";
  }

  /** The number of features per sample: the product of the per-sample shape. */
  static int features(int[] shape) {
    return Math.toIntExact(dev.lamina.tensor.Shapes.size(shape));
  }

  public abstract String type();

  @Override
  public String toString() {
    return where();
  }
}
