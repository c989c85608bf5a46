package dev.lamina.optimizers;

import dev.lamina.layers.Parameter;
import dev.lamina.schedules.LearningRateSchedule;
import dev.lamina.schedules.Schedules;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients. The base owns what every optimizer shares, in Keras 3's
 * order ({@code base_optimizer.py}): gradient accumulation, clipping, the learning rate (the
 * schedule evaluated at the number of updates applied so far, Keras' {@code iterations}),
 * decoupled weight decay, and the named per-parameter {@link Slots}. A subclass writes one method,
 * {@link #update}. The common options are set through {@link OptimizerBuilder}.
 *
 * <p>An optimizer holds training state; give each model its own. Optimizers are implemented in
 * this package.
 */
public abstract class Optimizer {
  /** The slot holding the gradient sum between two updates under gradient accumulation. */
  static final String ACCUMULATOR = "gradient_accumulator";

  private LearningRateSchedule learningRate;
  private final Clipping clipping;
  private final double weightDecay;
  private final Convention convention;
  private final int gradientAccumulationSteps;
  private final Map<Parameter, Slots> slots = new IdentityHashMap<>();
  private long iterations;
  private long calls;

  Optimizer(OptimizerOptions<?> options) {
    this.learningRate = options.learningRate;
    this.clipping = options.clipping;
    this.weightDecay = options.weightDecay;
    this.convention = options.convention;
    this.gradientAccumulationSteps = options.gradientAccumulationSteps;
  }

  /**
   * Updates one parameter in place, after clipping and weight decay.
   *
   * @param w the values. Modified.
   * @param g the gradient, already clipped (and averaged under accumulation). Not modified.
   * @param slots this parameter's state
   * @param learningRate the rate for this step
   * @param step the 1-based number of this update
   */
  protected abstract void update(float[] w, float[] g, Slots slots, double learningRate, long step);

  /** Called once per update before the parameters are updated, for state shared by all of them. */
  void startStep(long step) {}

  /**
   * Applies one update to every trainable parameter in the list, or, under gradient accumulation,
   * adds the gradients up and updates with their mean on every k-th call. The gradients are
   * modified (clipped, averaged).
   */
  public final void apply(List<Parameter> parameters) {
    if (gradientAccumulationSteps > 1 && !accumulate(parameters)) {
      return;
    }
    clipping.apply(parameters);
    double lr = learningRate.at(iterations);
    iterations++;
    startStep(iterations);
    float decay = (float) (lr * weightDecay);
    for (int i = 0, n = parameters.size(); i < n; i++) {
      Parameter p = parameters.get(i);
      if (p.isTrainable()) {
        float[] w = p.value();
        if (decay != 0) {
          for (int j = 0; j < w.length; j++) {
            w[j] -= w[j] * decay;
          }
        }
        update(w, p.gradient(), slots(p), lr, iterations);
      }
    }
  }

  /** Adds the gradients to the accumulators; on every k-th call turns them into the mean and says so. */
  private boolean accumulate(List<Parameter> parameters) {
    boolean due = ++calls % gradientAccumulationSteps == 0;
    float k = gradientAccumulationSteps;
    for (int i = 0, n = parameters.size(); i < n; i++) {
      Parameter p = parameters.get(i);
      if (p.isTrainable()) {
        float[] g = p.gradient();
        float[] sum = slots(p).get(ACCUMULATOR);
        if (due) {
          for (int j = 0; j < g.length; j++) {
            g[j] = (sum[j] + g[j]) / k;
          }
          Arrays.fill(sum, 0f);
        } else {
          for (int j = 0; j < g.length; j++) {
            sum[j] += g[j];
          }
        }
      }
    }
    return due;
  }

  /** The number of updates applied so far (Keras' {@code optimizer.iterations}). */
  public long iterations() {
    return iterations;
  }

  /** The learning-rate schedule. */
  public LearningRateSchedule learningRate() {
    return learningRate;
  }

  /** The learning rate of the next update: the schedule at {@link #iterations()}. */
  public double currentLearningRate() {
    return learningRate.at(iterations);
  }

  /**
   * Replaces the learning-rate schedule by a constant rate from the next update on, as callbacks
   * such as ReduceLROnPlateau do. Allowed at any time, also when the optimizer was built with a
   * schedule (Keras refuses that case); the step count and the state are kept.
   *
   * @throws IllegalArgumentException if the rate is not finite and ≥ 0
   */
  public void setLearningRate(double learningRate) {
    this.learningRate = Schedules.constant(learningRate);
  }

  public Clipping clipping() {
    return clipping;
  }

  /** The decoupled weight decay, 0 when off. */
  public double weightDecay() {
    return weightDecay;
  }

  /** Whose update rules this optimizer follows where Keras and PyTorch differ. */
  public Convention convention() {
    return convention;
  }

  /** The number of calls whose gradients are averaged into one update; 1 when off. */
  public int gradientAccumulationSteps() {
    return gradientAccumulationSteps;
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
