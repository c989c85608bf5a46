package dev.lamina.optimizers;

import dev.lamina.layers.Parameter;
import dev.lamina.schedules.LearningRateSchedule;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Updates parameters from their gradients. The base owns what every optimizer shares: the step
 * count, the learning-rate schedule (evaluated at the step before it is incremented, as Keras'
 * {@code iterations}), gradient clipping, and the named per-parameter {@link Slots}. A subclass
 * writes one method, {@link #update}.
 *
 * <p>An optimizer holds training state; give each model its own.
 */
public abstract class Optimizer {
  private final LearningRateSchedule learningRate;
  private final Clipping clipping;
  private final Map<Parameter, Slots> slots = new IdentityHashMap<>();
  private long iterations;

  protected Optimizer(LearningRateSchedule learningRate, Clipping clipping) {
    this.learningRate = Objects.requireNonNull(learningRate, "learningRate");
    this.clipping = Objects.requireNonNull(clipping, "clipping");
  }

  /**
   * Updates one parameter in place.
   *
   * @param w the values. Modified.
   * @param g the gradient, already clipped. Not modified.
   * @param slots this parameter's state
   * @param learningRate the rate for this step
   * @param step the 1-based number of this update
   */
  protected abstract void update(float[] w, float[] g, Slots slots, double learningRate, long step);

  /** Applies one update to every trainable parameter in the list. */
  public final void apply(List<Parameter> parameters) {
    clipping.apply(parameters);
    double lr = learningRate.at(iterations);
    iterations++;
    for (int i = 0, n = parameters.size(); i < n; i++) {
      Parameter p = parameters.get(i);
      if (p.isTrainable()) {
        update(p.value(), p.gradient(), slots(p), lr, iterations);
      }
    }
  }

  /** The number of updates applied so far (Keras' {@code optimizer.iterations}). */
  public long iterations() {
    return iterations;
  }

  /** The learning-rate schedule. */
  public LearningRateSchedule learningRate() {
    return learningRate;
  }

  public Clipping clipping() {
    return clipping;
  }

  /** The state of one parameter, created on first use. */
  public Slots slots(Parameter parameter) {
    Slots s = slots.get(parameter);
    if (s == null) {
      s = new Slots(parameter.size());
      slots.put(parameter, s);
    }
    return s;
  }
}
