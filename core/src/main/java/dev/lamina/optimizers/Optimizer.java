// SPDX-License-Identifier: Apache-2.0

package dev.lamina.optimizers;

import dev.lamina.layers.Parameter;
import dev.lamina.math.OptimizerKernels;
import dev.lamina.math.WorkerPool;
import dev.lamina.schedules.LearningRateSchedule;
import dev.lamina.schedules.Schedules;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Updates parameters from their gradients. The base owns what every optimizer shares, in Keras 3's
 * order ({@code base_optimizer.py}): gradient accumulation, clipping, the learning rate (the
 * schedule evaluated at the step count, Keras' {@code iterations}: see {@link #iterations()}),
 * decoupled weight decay, and the named per-parameter {@link Slots}. A subclass writes one method,
 * {@link #update}. The common options are set through {@link OptimizerBuilder}.
 *
 * <p>An optimizer holds training state; give each model its own.
 *
 * <p>An optimizer of one's own extends this class with the same contract as Lamina's: one
 * element-wise {@link #update} over a range of weights, per-parameter state in named
 * {@link Slots}, and the common options through {@link #options(String)}:
 *
 * <pre>{@code
 * final class SignSgd extends Optimizer {       // w ← w − lr · sign(g)
 *   SignSgd(double learningRate) {
 *     super(Optimizer.options("SignSgd").learningRate(learningRate).clipNorm(1));
 *   }
 *   protected void update(float[] w, float[] g, Slots slots, double lr, long step, int from, int to) {
 *     for (int i = from; i < to; i++) w[i] -= (float) (lr * Math.signum(g[i]));
 *   }
 * }
 * }</pre>
 */
public abstract class Optimizer {
  /** The slot holding the gradient sum between two updates under gradient accumulation. */
  static final String ACCUMULATOR = "gradient_accumulator";
  /** The update loops every optimizer runs, vectorised when the Vector API is present. */
  static final OptimizerKernels KERNELS = OptimizerKernels.best();

  /**
   * Parameters of at least this many values are updated in parts on the worker pool: Adam takes
   * about 0.5 ns per value (17% of a 770 µs W1 step for 266K values), a hand-off ~2 µs.
   */
  static final int PARALLEL_FLOATS = 1 << 14;

  private final UpdateTask updateTask = new UpdateTask();
  private LearningRateSchedule learningRate;
  private final Clipping clipping;
  private final double weightDecay;
  private final Convention convention;
  private final int gradientAccumulationSteps;
  private final Map<Parameter, Slots> slots = new IdentityHashMap<>();
  private long iterations;
  private long calls;

  /**
   * The common options (learning rate or schedule, clipping, weight decay, convention, gradient
   * accumulation) for an optimizer written outside Lamina, to pass to {@link #Optimizer(Options)}.
   * The learning rate defaults to 0.001 (Keras' {@code Optimizer} base).
   */
  public static Options options(String name) {
    return new Options(name);
  }

  /** The common options of an optimizer written outside Lamina; see {@link #options(String)}. */
  public static final class Options extends OptimizerOptions<Options> {
    /** 0.001, Keras' {@code Optimizer(learning_rate=0.001)}. */
    public static final double DEFAULT_LEARNING_RATE = 0.001;

    private Options(String name) {
      super(Objects.requireNonNull(name, "name"), DEFAULT_LEARNING_RATE);
    }
  }

  /** An optimizer with the given common options and fresh state. */
  protected Optimizer(Options options) {
    this((OptimizerOptions<?>) options);
  }

  Optimizer(OptimizerOptions<?> options) {
    this.learningRate = options.learningRate;
    this.clipping = options.clipping;
    this.weightDecay = options.weightDecay;
    this.convention = options.convention;
    this.gradientAccumulationSteps = options.gradientAccumulationSteps;
  }

  /**
   * Updates elements {@code from..to} of one parameter in place, after clipping and weight decay.
   * Every rule here is element-wise, so the base updates a large parameter in parts on the
   * {@link WorkerPool#current() worker pool}; an update touches only those elements of w, g and
   * the slots, and the result is the same whatever the parts.
   *
   * @param w the values. Modified.
   * @param g the gradient, already clipped (and averaged under accumulation). Not modified.
   * @param slots this parameter's state
   * @param learningRate the rate for this step
   * @param step the 1-based number of this update
   * @param from the first element to update
   * @param to one past the last element to update
   */
  protected abstract void update(float[] w, float[] g, Slots slots, double learningRate, long step,
      int from, int to);

  /** Called once per update before the parameters are updated, for state shared by all of them. */
  protected void startStep(long step) {}

  /** The subclass's scalar state besides the slots, by name (Nadam's running momentum product). */
  protected void putScalarState(Map<String, Double> state) {}

  /** Restores what {@link #putScalarState} wrote. */
  protected void restoreScalarState(Map<String, Double> state) {}

  /**
   * Applies one update to every trainable parameter in the list, or, under gradient accumulation,
   * adds the gradients up and updates with their mean on every k-th call. The gradients are
   * modified (clipped, averaged).
   *
   * @throws IllegalStateException if the learning-rate schedule gives a rate that is not finite
   *     and ≥ 0; nothing is modified then
   */
  public final void apply(List<Parameter> parameters) {
    int k = gradientAccumulationSteps;
    boolean due = k == 1 || (calls + 1) % k == 0;
    double lr = due ? learningRate.at(iterations) : 0;
    if (!(lr >= 0 && lr < Double.POSITIVE_INFINITY)) { // checked before any gradient or state is touched
      throw new IllegalStateException(getClass().getSimpleName() + ": the learning rate must be finite and >= 0, but "
          + learningRate + " gave " + lr + " at step " + iterations);
    }
    if (k > 1) {
      accumulate(parameters, due);
    }
    if (!due) {
      if (convention == Convention.KERAS) {
        iterations++; // Keras 3 counts every call as a step (base_optimizer.apply)
      }
      return;
    }
    clipping.apply(parameters);
    iterations++;
    startStep(iterations);
    WorkerPool pool = WorkerPool.current();
    for (int i = 0, n = parameters.size(); i < n; i++) {
      Parameter p = parameters.get(i);
      if (p.isTrainable()) {
        updateTask.set(p.value(), p.gradient(), slots(p), lr * p.learningRateMultiplier());
        try {
          pool.run(updateTask, p.value().length >= PARALLEL_FLOATS);
        } finally {
          updateTask.clear();
        }
      }
    }
  }

  /** Decay and update of one parameter, split into parts of whole cache lines; reused. */
  private final class UpdateTask implements WorkerPool.Task {
    private static final float[] NONE = {};
    private float[] w = NONE;
    private float[] g = NONE;
    private @Nullable Slots slots;
    private double rate;

    void set(float[] w, float[] g, Slots slots, double rate) {
      this.w = w;
      this.g = g;
      this.slots = slots;
      this.rate = rate;
    }

    void clear() {
      w = g = NONE;
      slots = null;
    }

    @Override
    public void run(int part, int parts) {
      int lines = (w.length + 15) / 16;
      int from = Math.min(w.length, lines * part / parts * 16);
      int to = Math.min(w.length, lines * (part + 1) / parts * 16);
      float decay = (float) (rate * weightDecay);
      if (decay != 0) {
        KERNELS.decay(w, decay, from, to);
      }
      update(w, g, Objects.requireNonNull(slots), rate, iterations, from, to);
    }
  }

  /** Adds the gradients to the accumulators, or, when the update is due, turns them into the mean. */
  private void accumulate(List<Parameter> parameters, boolean due) {
    calls++;
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
  }

  /**
   * The step count, Keras' {@code optimizer.iterations}: the learning-rate schedule is evaluated
   * at it, and an update's bias corrections use it plus one. It counts updates; under gradient
   * accumulation it counts every call of {@link #apply}, as Keras 3 does (a first update after k
   * calls is step k), or, with {@link Convention#PYTORCH}, only the updates, as a PyTorch loop
   * that calls {@code optimizer.step()} once per k batches (the first update is step 1).
   */
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
    if (!(learningRate >= 0 && learningRate < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": setLearningRate needs a finite rate >= 0, but got "
          + learningRate);
    }
    this.learningRate = Schedules.constant(learningRate);
  }

  /** Replaces the learning-rate schedule; it is evaluated at {@link #iterations()} as before. */
  public void setLearningRate(LearningRateSchedule schedule) {
    this.learningRate = Objects.requireNonNull(schedule, "schedule");
  }

  /**
   * The scalar training state besides the slots, by name, for checkpoints: {@code "iterations"},
   * {@code "gradient_calls"} (calls counted under gradient accumulation) and the optimizer's own
   * (Nadam: {@code "mu_product"}). A fresh map. Together with the slots this is everything an
   * optimizer of the same configuration needs to continue bit-identically.
   */
  public Map<String, Double> scalarState() {
    Map<String, Double> state = new LinkedHashMap<>();
    state.put("iterations", (double) iterations);
    state.put("gradient_calls", (double) calls);
    putScalarState(state);
    return state;
  }

  /**
   * Restores what {@link #scalarState()} returned.
   *
   * @throws IllegalArgumentException if a value this optimizer needs is missing
   */
  public void setScalarState(Map<String, Double> state) {
    iterations = (long) (double) required(state, "iterations");
    calls = (long) (double) required(state, "gradient_calls");
    restoreScalarState(state);
  }

  static double required(Map<String, Double> state, String name) {
    Double v = state.get(name);
    if (v == null) {
      throw new IllegalArgumentException("Optimizer: scalar state '" + name + "' is missing; given: " + state.keySet());
    }
    return v;
  }

  /**
   * Replaces the state of one parameter by copies of {@code values} (slot name to values), for
   * checkpoints and for undoing trial runs; slots not named are dropped and created afresh on use.
   *
   * @throws IllegalArgumentException if a slot's length differs from the parameter's size
   */
  public void setSlots(Parameter parameter, Map<String, float[]> values) {
    Slots s = new Slots(parameter.size());
    values.forEach((name, v) -> {
      if (v.length != parameter.size()) {
        throw new IllegalArgumentException("Optimizer: slot '" + name + "' of " + parameter.name() + " must have "
            + parameter.size() + " values, but had " + v.length);
      }
      System.arraycopy(v, 0, s.get(name), 0, v.length);
    });
    slots.put(parameter, s);
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
