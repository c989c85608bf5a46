// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.math.Seeds;
import dev.lamina.tensor.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * Checks a layer's {@link Layer#backward backward} pass against central finite differences of its
 * {@link Layer#forward forward} pass: the gradient with respect to every input and every trainable
 * parameter. For the tests of one's own layers (and of Lamina's); it throws {@link AssertionError},
 * so it works with any test framework.
 *
 * <pre>{@code
 * void myLayerHasTheGradientOfItsForward() {            // a test of one's own, in any framework
 *   GradientCheck.of(new MyLayer(), new int[] {4}).check();    // one input of 4 features per sample
 *   GradientCheck.of(new MyMerge(), new int[] {3}, new int[] {3})   // two inputs
 *       .mode(Mode.TRAIN).batch(5).seed(7).tolerance(1e-3, 1e-2)
 *       .check();
 *   GradientCheck.Result r = GradientCheck.of(new MyLayer(), new int[] {4})
 *       .inputs(x)                                          // [batch, 4], away from kinks
 *       .run();                                             // inspect without throwing
 *   String report = r.toString();                           // the worst element of each gradient
 * }
 * }</pre>
 *
 * To check with weights of one's own choice, set them on a {@link LayerRun} and check that:
 *
 * <pre>{@code
 * LayerRun run = LayerRun.of(Layers.prelu(), 1, new int[] {5});
 * Arrays.fill(((PReLU) run.layer()).alpha().value(), 0.3f);
 * GradientCheck.of(run).check();
 * }</pre>
 *
 * <p>Method. With a fixed random r of the output's shape, L = Σ y·r is computed in double from the
 * float32 forward pass, so ∂L/∂v is what backward gives for the output gradient r. For each element
 * v of an input or a trainable parameter, numeric = (L(v + h) − L(v − h)) / (2h) (with the step
 * actually representable in float), and the check passes when |analytic − numeric| ≤ atol + rtol ·
 * |numeric| for every element. Defaults: h = {@value #DEFAULT_STEP}, atol = {@value #DEFAULT_ABSOLUTE},
 * rtol = {@value #DEFAULT_RELATIVE}, batch {@value #DEFAULT_BATCH}: for smooth layers the
 * truncation error h²/6·|f'''| and the float32 rounding of L stay about ten times below that, while
 * a wrong gradient (a missing factor, a wrong branch, a transposed product) is off by O(1).
 *
 * <p>Random layers ({@link Stochastic}: dropout, RReLU) are checked too: the frame's generator is
 * reseeded before every forward pass, so each pass draws the same mask. Before each pass the state
 * parameters (moving statistics) are also put back, so that L is a function of the inputs and
 * weights only; they are restored after the check as well.
 *
 * <p>Kinks are the caller's business: finite differences across a point where the layer is not
 * differentiable (ReLU at 0) give a mean of the two slopes. The default inputs are random with
 * |x| in [{@value #DEFAULT_MIN_INPUT}, 2] (random sign), away from a kink at 0; for a layer with a
 * kink elsewhere, or in a pre-activation (Dense with ReLU: x · kernel + bias near 0), give inputs
 * chosen to stay clear of it with {@link #inputs(Matrix...)}.
 *
 * <p>Besides the gradients the check enforces the parts of the {@link Layer} contract that a
 * gradient check can see: forward and backward leave the inputs and the output gradient unchanged;
 * the output has the built output shape; backward writes (does not add to) the parameter gradients;
 * the parameter gradients do not depend on whether the input gradient is asked for
 * ({@link Frame#needsInputGradient(int)} false, as for a model's first layer); and two forward
 * passes after the same reseed agree (a random layer must draw from {@link Frame#random()}).
 *
 * <p>Each setter returns this check; the check is run by {@link #run()} or {@link #check()}.
 */
public final class GradientCheck {
  /** The default finite-difference step h. */
  public static final double DEFAULT_STEP = 1e-2;
  /** The default absolute tolerance atol. */
  public static final double DEFAULT_ABSOLUTE = 1e-3;
  /** The default relative tolerance rtol. */
  public static final double DEFAULT_RELATIVE = 1e-2;
  /** The default number of samples. */
  public static final int DEFAULT_BATCH = 3;
  /** The smallest |x| of the default random inputs. */
  public static final double DEFAULT_MIN_INPUT = 0.1;

  private final @Nullable LayerSpec spec;
  private final int[][] inputShapes;
  private final @Nullable LayerRun given;
  private Mode mode = Mode.TRAIN;
  private int batch = DEFAULT_BATCH;
  private long seed = 1;
  private double step = DEFAULT_STEP;
  private double absolute = DEFAULT_ABSOLUTE;
  private double relative = DEFAULT_RELATIVE;
  private Matrix @Nullable [] inputs;

  private GradientCheck(@Nullable LayerSpec spec, int[][] inputShapes, @Nullable LayerRun given) {
    this.spec = spec;
    this.inputShapes = inputShapes;
    this.given = given;
  }

  /**
   * A check of the layer made by {@code spec} (or of {@code spec} itself, if it is a layer), built
   * for inputs of the given per-sample shapes, one per input, with its weights initialised from
   * the {@linkplain #seed seed}.
   *
   * @throws IllegalArgumentException if no input shape is given
   */
  public static GradientCheck of(LayerSpec spec, int[]... inputShapes) {
    Objects.requireNonNull(spec, "spec");
    if (inputShapes.length == 0) {
      throw new IllegalArgumentException("GradientCheck: give the per-sample shape of every input, but none was given");
    }
    int[][] shapes = new int[inputShapes.length][];
    for (int i = 0; i < shapes.length; i++) {
      shapes[i] = inputShapes[i].clone();
    }
    return new GradientCheck(spec, shapes, null);
  }

  /**
   * A check of the layer of {@code run}, with the weights it has now: for weights set by hand
   * ({@code run.layer().parameters()}), or inputs chosen with the layer's help (pre-activations
   * away from a kink). The check changes weights only for a moment; it leaves them as they were.
   */
  public static GradientCheck of(LayerRun run) {
    List<int[]> shapes = Objects.requireNonNull(run, "run").layer().inputShapes();
    return new GradientCheck(null, shapes.toArray(new int[0][]), run);
  }

  /** The mode of every forward pass; default {@link Mode#TRAIN}. */
  public GradientCheck mode(Mode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
    return this;
  }

  /**
   * The number of samples of the random inputs, > 0; default {@value #DEFAULT_BATCH}. Given
   * {@link #inputs(Matrix...)} have their own.
   */
  public GradientCheck batch(int batch) {
    if (batch <= 0) {
      throw new IllegalArgumentException("GradientCheck: batch must be > 0, but was " + batch);
    }
    this.batch = batch;
    return this;
  }

  /**
   * Seeds everything random: the weights (for a check made from a spec), the inputs, r and the
   * masks of random layers; default 1.
   */
  public GradientCheck seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** The finite-difference step h, finite and > 0; default {@value #DEFAULT_STEP}. */
  public GradientCheck step(double step) {
    if (!(step > 0 && step < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("GradientCheck: step must be finite and > 0, but was " + step);
    }
    this.step = step;
    return this;
  }

  /**
   * An element passes when |analytic − numeric| ≤ absolute + relative · |numeric|; defaults
   * {@value #DEFAULT_ABSOLUTE} and {@value #DEFAULT_RELATIVE}.
   *
   * @throws IllegalArgumentException unless both are finite and ≥ 0, and not both 0
   */
  public GradientCheck tolerance(double absolute, double relative) {
    if (!(absolute >= 0 && relative >= 0 && absolute < Double.POSITIVE_INFINITY && relative < Double.POSITIVE_INFINITY)
        || absolute + relative == 0) {
      throw new IllegalArgumentException("GradientCheck: tolerances must be finite, >= 0 and not both 0, but were absolute="
          + absolute + ", relative=" + relative);
    }
    this.absolute = absolute;
    this.relative = relative;
    return this;
  }

  /**
   * The inputs to check at, one [batch, features] matrix per input shape, all with the same number
   * of rows; copied, not modified. Default: random values with |x| in
   * [{@value #DEFAULT_MIN_INPUT}, 2] and a random sign.
   */
  public GradientCheck inputs(Matrix... inputs) {
    if (inputs.length == 0) {
      throw new IllegalArgumentException("GradientCheck: inputs needs one matrix per input, but none was given");
    }
    Matrix[] copies = new Matrix[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      copies[i] = copy(inputs[i]);
    }
    this.inputs = copies;
    return this;
  }

  /**
   * Runs the check and throws if it fails.
   *
   * @return the result, which {@linkplain Result#passed() passed}
   * @throws AssertionError naming the layer, the input or parameter, the element, and the analytic
   *     and numeric values, when a gradient is outside the tolerance or the layer breaks its contract
   */
  public Result check() {
    return run().assertPassed();
  }

  /**
   * Runs the check and returns what it found, without throwing for a failed check.
   *
   * @throws IllegalArgumentException if the given inputs do not match the layer's input shapes
   */
  public Result run() {
    LayerRun run = given != null ? given : LayerRun.of(Objects.requireNonNull(spec), seed, inputShapes);
    Layer layer = run.layer();
    int n = inputShapes.length;
    SplittableRandom random = new SplittableRandom(Seeds.derive(seed, 1));
    Matrix[] x = inputs != null ? checkedInputs(layer, inputs) : randomInputs(random);
    int rows = x[0].rows();
    int outFeatures = Layer.features(layer.outputShape());
    float[] r = gaussian(random, rows * outFeatures);
    long maskSeed = Seeds.derive(seed, 2);
    List<Parameter> trainable = layer.parameters().stream().filter(Parameter::isTrainable).toList();
    List<Parameter> state = layer.parameters().stream().filter(p -> !p.isTrainable()).toList();
    float[][] stateValues = state.stream().map(p -> p.value().clone()).toArray(float[][]::new);
    Passes passes = new Passes(run, mode, maskSeed, state, stateValues);
    List<String> problems = new ArrayList<>();
    try {
      float[][] xBefore = Arrays.stream(x).map(GradientCheck::values).toArray(float[][]::new);

      // the analytic gradients: one forward, one backward of r
      Matrix y = passes.forward(x);
      if (y.rows() != rows || y.cols() != outFeatures) {
        problems.add("forward returned [" + y.rows() + ", " + y.cols() + "] for " + rows + " samples of output shape "
            + Arrays.toString(layer.outputShape()));
        return new Result(layer.where(), mode, rows, List.of(), List.of(), problems);
      }
      float[] yValues = values(y);
      for (int i = 0; i < n; i++) { // a layer that adds to the buffer instead of writing it shows NaN
        Matrix buffer = run.frame().inputGradient(i);
        Arrays.fill(buffer.data(), 0, buffer.size(), Float.NaN);
      }
      for (Parameter p : trainable) {
        Arrays.fill(p.gradient(), Float.NaN);
      }
      Matrix dy = Matrix.wrap(r.clone(), rows, outFeatures);
      run.backward(dy);
      float[][] dx = new float[n][];
      for (int i = 0; i < n; i++) {
        Matrix g = run.inputGradient(i);
        if (g.rows() != rows || g.cols() != x[i].cols()) {
          problems.add("the gradient of input " + i + " is [" + g.rows() + ", " + g.cols() + "], but the input is ["
              + rows + ", " + x[i].cols() + "]");
          return new Result(layer.where(), mode, rows, List.of(), List.of(), problems);
        }
        dx[i] = values(g);
      }
      List<float[]> dp = trainable.stream().map(p -> p.gradient().clone()).toList();
      for (int i = 0; i < n; i++) {
        int k = firstDifference(xBefore[i], values(x[i]));
        if (k >= 0) {
          problems.add("forward or backward modified input " + i + " at " + position(k, rows, x[i].cols())
              + "; inputs are read, never written");
        }
      }
      int changed = firstDifference(r, values(dy));
      if (changed >= 0) {
        problems.add("backward modified the output gradient at " + position(changed, rows, outFeatures)
            + "; it is read, never written");
      }

      // the same pass again: random layers must replay their draws after a reseed
      int k = firstDifference(yValues, values(passes.forward(x)));
      if (k >= 0) {
        problems.add("two forward passes of the same inputs after the same reseed differ at " + position(k, rows, outFeatures)
            + "; a random layer must draw from Frame.random()");
      }
      if (!trainable.isEmpty()) { // parameter gradients without the input gradient
        run.backwardWithoutInputGradients(Matrix.wrap(r.clone(), rows, outFeatures));
        for (int j = 0; j < trainable.size(); j++) {
          Parameter p = trainable.get(j);
          float[] alone = p.gradient();
          for (int e = 0; e < alone.length; e++) {
            if (!(Math.abs(alone[e] - dp.get(j)[e]) <= absolute + relative * Math.abs(dp.get(j)[e]))) {
              problems.add("the gradient of " + p.name() + " at " + position(e, p.shape()) + " is " + alone[e]
                  + " when no input gradient is asked for, but " + dp.get(j)[e] + " when it is");
              break;
            }
          }
        }
      }

      // the numeric gradients
      List<Gradient> inputGradients = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        float[] numeric = numeric(passes, x, x[i].data(), x[i].size(), r);
        inputGradients.add(compare("input " + i, new int[] {rows, x[i].cols()}, dx[i], numeric));
      }
      List<Gradient> parameterGradients = new ArrayList<>();
      for (int j = 0; j < trainable.size(); j++) {
        Parameter p = trainable.get(j);
        float[] numeric = numeric(passes, x, p.value(), p.size(), r);
        parameterGradients.add(compare(p.name(), p.shape(), dp.get(j), numeric));
      }
      return new Result(layer.where(), mode, rows, inputGradients, parameterGradients, problems);
    } finally {
      passes.restoreState();
    }
  }

  /** Forward passes that start from the same state and the same random draws. */
  private record Passes(LayerRun run, Mode mode, long maskSeed, List<Parameter> state, float[][] stateValues) {
    Matrix forward(Matrix[] x) {
      restoreState();
      run.reseed(maskSeed);
      return run.forward(mode, x);
    }

    void restoreState() {
      for (int j = 0; j < state.size(); j++) {
        System.arraycopy(stateValues[j], 0, state.get(j).value(), 0, stateValues[j].length);
      }
    }
  }

  /** Central differences of L = Σ y·r with respect to the first {@code size} elements of {@code v}. */
  private float[] numeric(Passes passes, Matrix[] x, float[] v, int size, float[] r) {
    float[] g = new float[size];
    for (int i = 0; i < size; i++) {
      float original = v[i];
      float plus = (float) (original + step);
      float minus = (float) (original - step);
      v[i] = plus;
      double lPlus = dot(passes.forward(x), r);
      v[i] = minus;
      double lMinus = dot(passes.forward(x), r);
      v[i] = original;
      g[i] = (float) ((lPlus - lMinus) / ((double) plus - minus));
    }
    return g;
  }

  private Gradient compare(String name, int[] shape, float[] analytic, float[] numeric) {
    double maxError = 0;
    double worstRatio = -1;
    int worst = 0;
    int failures = 0;
    for (int i = 0; i < analytic.length; i++) {
      double error = Math.abs((double) analytic[i] - numeric[i]);
      double ratio = error / (absolute + relative * Math.abs(numeric[i]));
      if (Double.isNaN(ratio)) {
        ratio = Double.POSITIVE_INFINITY;
        error = Double.POSITIVE_INFINITY;
      }
      if (ratio > 1) {
        failures++;
      }
      maxError = Math.max(maxError, error);
      if (ratio > worstRatio) {
        worstRatio = ratio;
        worst = i;
      }
    }
    return new Gradient(name, analytic.length, maxError, Math.max(worstRatio, 0), position(worst, shape),
        analytic.length == 0 ? 0 : analytic[worst], analytic.length == 0 ? 0 : numeric[worst], failures,
        absolute + relative * (analytic.length == 0 ? 0 : Math.abs(numeric[worst])));
  }

  private Matrix[] checkedInputs(Layer layer, Matrix[] given) {
    if (given.length != inputShapes.length) {
      throw new IllegalArgumentException(layer.where() + ": GradientCheck needs " + inputShapes.length
          + " input matrices (one per input shape), but was given " + given.length);
    }
    Matrix[] x = new Matrix[given.length];
    for (int i = 0; i < given.length; i++) {
      int features = Layer.features(inputShapes[i]);
      if (given[i].cols() != features || given[i].rows() != given[0].rows() || given[i].rows() == 0) {
        throw new IllegalArgumentException(layer.where() + ": GradientCheck input " + i + " must be [batch, " + features
            + "] (shape " + Arrays.toString(inputShapes[i]) + ") with the rows of input 0, but was [" + given[i].rows()
            + ", " + given[i].cols() + "]");
      }
      x[i] = copy(given[i]); // perturbed in place, so a copy per run
    }
    return x;
  }

  private Matrix[] randomInputs(SplittableRandom random) {
    Matrix[] x = new Matrix[inputShapes.length];
    for (int i = 0; i < x.length; i++) {
      int features = Layer.features(inputShapes[i]);
      float[] v = new float[batch * features];
      for (int k = 0; k < v.length; k++) {
        double m = DEFAULT_MIN_INPUT + (2 - DEFAULT_MIN_INPUT) * random.nextDouble();
        v[k] = (float) (random.nextBoolean() ? m : -m);
      }
      x[i] = Matrix.wrap(v, batch, features);
    }
    return x;
  }

  private static float[] gaussian(SplittableRandom random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  private static double dot(Matrix y, float[] r) {
    float[] a = y.data();
    double s = 0;
    for (int i = 0; i < r.length; i++) {
      s += (double) a[i] * r[i];
    }
    return s;
  }

  private static float[] values(Matrix m) {
    return Arrays.copyOf(m.data(), m.size());
  }

  private static Matrix copy(Matrix m) {
    return Matrix.wrap(values(m), m.rows(), m.cols());
  }

  /** The index of the first element where the arrays differ (bit for bit), or −1. */
  private static int firstDifference(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      if (Float.floatToIntBits(a[i]) != Float.floatToIntBits(b[i])) {
        return i;
      }
    }
    return -1;
  }

  /** {@code [i, j, …]}: the position of flat element {@code index} in row-major {@code shape}. */
  static String position(int index, int... shape) {
    int[] at = new int[shape.length];
    int rest = index;
    for (int d = shape.length - 1; d >= 0; d--) {
      at[d] = shape[d] == 0 ? 0 : rest % shape[d];
      rest = shape[d] == 0 ? 0 : rest / shape[d];
    }
    return Arrays.toString(at);
  }

  /**
   * The comparison of one gradient, an input's or a parameter's, with its finite differences.
   *
   * @param name {@code "input 0"}, {@code "input 1"}, …, or the parameter's name ({@code "dense/kernel"})
   * @param size the number of elements compared
   * @param maxError the largest |analytic − numeric| (infinite for NaN)
   * @param worstRatio the largest |analytic − numeric| / (atol + rtol·|numeric|): at most 1 passes
   * @param worstElement the position of the element with that ratio: {@code [sample, feature]} for an
   *     input, the index in the parameter's shape for a parameter
   * @param analytic the analytic gradient (from backward) at that element
   * @param numeric the finite-difference gradient at that element
   * @param failures the number of elements outside the tolerance
   * @param tolerance the tolerance at that element
   */
  public record Gradient(String name, int size, double maxError, double worstRatio, String worstElement, double analytic,
      double numeric, int failures, double tolerance) {
    /** Whether every element is within the tolerance. */
    public boolean passed() {
      return failures == 0;
    }

    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "%s: max |error| %.3g, worst %.1f%% of the tolerance at %s%s", name,
          maxError, 100 * worstRatio, worstElement, passed() ? "" : " (" + failures + " of " + size + " elements outside)");
    }
  }

  /**
   * What a check found.
   *
   * @param layer the layer, {@code Type(name=...)}
   * @param mode the mode of the forward passes
   * @param batch the number of samples
   * @param inputs one comparison per input, in order
   * @param parameters one comparison per trainable parameter, in the layer's order
   * @param problems breaches of the layer contract found on the way (an input modified, parameter
   *     gradients that depend on whether the input gradient is asked for, …)
   */
  public record Result(String layer, Mode mode, int batch, List<Gradient> inputs, List<Gradient> parameters,
      List<String> problems) {
    public Result {
      inputs = List.copyOf(inputs);
      parameters = List.copyOf(parameters);
      problems = List.copyOf(problems);
    }

    /** Whether every gradient is within the tolerance and no problem was found. */
    public boolean passed() {
      return problems.isEmpty() && inputs.stream().allMatch(Gradient::passed)
          && parameters.stream().allMatch(Gradient::passed);
    }

    /** The comparison of input {@code i}'s gradient. */
    public Gradient input(int i) {
      return inputs.get(i);
    }

    /**
     * The comparison of the named parameter's gradient ({@code "dense/kernel"}).
     *
     * @throws IllegalArgumentException if no trainable parameter has that name
     */
    public Gradient parameter(String name) {
      return parameters.stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow(() ->
          new IllegalArgumentException("GradientCheck: " + layer + " has no trainable parameter '" + name
              + "'; checked were " + parameters.stream().map(Gradient::name).toList()));
    }

    /** The largest {@link Gradient#worstRatio()} of all comparisons (0 if there are none). */
    public double worstRatio() {
      return all().stream().mapToDouble(Gradient::worstRatio).max().orElse(0);
    }

    /**
     * Returns this result if it {@linkplain #passed() passed}.
     *
     * @throws AssertionError naming the layer, each failing input or parameter with its worst element
     *     and the analytic and numeric values there, and each problem
     */
    public Result assertPassed() {
      if (passed()) {
        return this;
      }
      StringBuilder m = new StringBuilder("GradientCheck of " + layer + " in " + mode + ", batch " + batch + ":");
      for (String p : problems) {
        m.append("\n  ").append(p);
      }
      for (Gradient g : all()) {
        if (!g.passed()) {
          m.append(String.format(java.util.Locale.ROOT,
              "%n  the gradient of %s differs from finite differences at %s: analytic %.6g, numeric %.6g,"
                  + " |difference| %.3g > tolerance %.3g; %d of %d elements outside the tolerance",
              g.name(), g.worstElement(), g.analytic(), g.numeric(), Math.abs(g.analytic() - g.numeric()), g.tolerance(),
              g.failures(), g.size()));
          if (Double.isNaN(g.analytic())) {
            m.append(" (NaN: backward did not write this gradient, or added to it; it must write it)");
          }
        }
      }
      throw new AssertionError(m.toString());
    }

    private List<Gradient> all() {
      List<Gradient> all = new ArrayList<>(inputs);
      all.addAll(parameters);
      return all;
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder("GradientCheck of " + layer + " in " + mode + ", batch " + batch + ": "
          + (passed() ? "passed" : "FAILED"));
      for (Gradient g : all()) {
        s.append("\n  ").append(g);
      }
      for (String p : problems) {
        s.append("\n  problem: ").append(p);
      }
      return s.toString();
    }
  }
}
