// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.ActivationGradientCheckTest;
import dev.lamina.activations.Activations;
import dev.lamina.callbacks.BatchGradients;
import dev.lamina.callbacks.Callback;
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Frame;
import dev.lamina.layers.GlobalAveragePooling2D;
import dev.lamina.layers.Input;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.Mode;
import dev.lamina.layers.Padding;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Matrix;
import dev.lamina.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The functional API: models of several branches, shared layers and values read by several layers. */
class ModelTest {

  /** The sum of two inputs of one shape: a user layer of several inputs (Keras' {@code Add}). */
  static final class Add extends Layer {
    Add(@Nullable String name) {
      super(name);
    }

    @Override
    protected int[] build(List<int[]> inputShapes) {
      if (inputShapes.size() != 2 || !Arrays.equals(inputShapes.get(0), inputShapes.get(1))) {
        throw new IllegalArgumentException(where() + ": needs two inputs of one shape, but got " + inputShapes.size());
      }
      return inputShapes.get(0);
    }

    @Override
    public Matrix forward(Frame f, Mode mode) {
      Matrix a = f.input(0);
      Matrix b = f.input(1);
      Matrix y = f.output(a.rows(), a.cols());
      for (int i = 0; i < a.size(); i++) {
        y.data()[i] = a.data()[i] + b.data()[i];
      }
      return y;
    }

    @Override
    public void backward(Frame f, Matrix dy) {
      for (int i = 0; i < 2; i++) {
        if (f.needsInputGradient(i)) {
          f.passInputGradient(i, dy);
        }
      }
    }

    @Override
    public LayerSpec spec() {
      return new Add(name());
    }
  }

  private static List<String> names(Model m) {
    return m.layers().stream().map(Layer::name).toList();
  }

  /**
   * x → trunk; trunk → shared → shared again (one layer applied twice); trunk → side (trunk is
   * read by two layers); add(shared², side) → head (softmax).
   */
  private static Model twoBranches(long seed) {
    Input x = Input.of(4);
    SymbolicTensor trunk = Dense.builder(6).activation(Activations.TANH).name("trunk").apply(x);
    Dense shared = Dense.builder(6).activation(Activations.TANH).name("shared").create();
    SymbolicTensor twice = shared.apply(shared.apply(trunk));
    SymbolicTensor side = Dense.builder(6).activation(Activations.TANH).name("side").apply(trunk);
    SymbolicTensor sum = new Add("add").apply(twice, side);
    SymbolicTensor head = Dense.builder(4).activation(Activations.SOFTMAX).name("head").apply(sum);
    Model m = Model.of(seed, x, head);
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.1).momentum(0.9).build(),
        Metrics.accuracy());
    return m;
  }

  /** The gradient of every parameter for one full batch of {@code x}, read before the optimizer's update. */
  private static Map<String, float[]> gradients(Model m, Tensor x, List<Tensor> y) {
    Map<String, float[]> g = new LinkedHashMap<>();
    m.fit(List.of(x), y, FitOptions.defaults().epochs(1).batchSize(x.samples()).shuffle(false).verbose(false)
        .callbacks(new Callback() {
          @Override
          public void onBatchGradients(BatchGradients e) {
            e.model().parameters().forEach(p -> g.put(p.name(), p.gradient().clone()));
          }
        }));
    return g;
  }

  /** Central differences of the total loss (evaluate's, on the whole batch) for every parameter of {@code probe}. */
  private static void assertMatchesFiniteDifferences(Model probe, Tensor x, List<Tensor> y, Map<String, float[]> analytic) {
    assertEquals(analytic.keySet(), probe.weights().keySet());
    double h = ActivationGradientCheckTest.H;
    for (Parameter p : probe.parameters()) {
      float[] w = p.value();
      float[] numeric = new float[w.length];
      for (int i = 0; i < w.length; i++) {
        float original = w[i];
        w[i] = (float) (original + h);
        double plus = probe.evaluate(List.of(x), y, x.samples()).loss();
        w[i] = (float) (original - h);
        double minus = probe.evaluate(List.of(x), y, x.samples()).loss();
        w[i] = original;
        numeric[i] = (float) ((plus - minus) / (2 * h));
      }
      ActivationGradientCheckTest.assertGradient(p.name(), numeric, analytic.get(p.name()));
    }
  }

  // ---- structure --------------------------------------------------------------------------

  @Test
  void namesAreGeneratedPerModelInTheOrderTheLayersWereApplied() {
    Input x = Input.of(4);
    SymbolicTensor a = Dense.builder(8).apply(x);
    SymbolicTensor b = Dense.builder(8).name("dense_1").apply(x); // given: the generated names skip it
    SymbolicTensor c = Dense.builder(8).apply(b);
    SymbolicTensor sum = new Add(null).apply(a, c);
    SymbolicTensor out = Dense.builder(3).apply(sum);
    Model m = Model.of(1, x, out);
    assertEquals(List.of("dense", "dense_1", "dense_2", "add", "dense_3"), names(m));
    assertEquals("input", x.name());
    assertEquals(List.of("dense_3"), m.outputNames());
    assertEquals(List.of("dense/kernel", "dense/bias"), m.get("dense").parameters().stream().map(Parameter::name).toList());

    // another model counts from the start again: names are per model, not global
    Input x2 = Input.of(4);
    Model other = Model.of(1, x2, Dense.builder(2).apply(Dense.builder(3).apply(x2)));
    assertEquals(List.of("dense", "dense_1"), names(other));

    // a layer keeps its name in every model that holds it (a sub-model)
    Model sub = Model.of(2, x, c);
    assertEquals(List.of("dense_1", "dense_2"), names(sub));
    assertSame(m.get("dense_2"), sub.get("dense_2"));
  }

  @Test
  void aLayerAppliedTwiceIsOneLayerWithTwoNodesAndOneSetOfWeights() {
    Model m = twoBranches(3);
    assertEquals(List.of("trunk", "shared", "side", "add", "head"), names(m));
    Layer shared = m.get("shared");
    assertEquals(2, shared.nodes().size());
    assertEquals(6, m.graph().nodes().size(), "one node per application");
    assertEquals(1, m.parameters().stream().filter(p -> p.name().equals("shared/kernel")).count());
    String summary = m.summary();
    assertEquals(1, summary.split("shared \\(Dense\\)", -1).length - 1, summary);
    long params = m.parameters().stream().mapToLong(Parameter::size).sum();
    assertEquals(4 * 6 + 6 + 2 * (6 * 6 + 6) + 6 * 4 + 4, params, "trunk, shared (once), side, head");
    assertTrue(summary.contains(String.format("Total params: %,d", params)), summary);
    assertTrue(summary.contains("head (Dense)"), summary);
  }

  @Test
  void aSharedLayerAppliedToAnotherShapeIsRejected() {
    Dense shared = Dense.builder(3).name("shared").create();
    shared.apply(Input.of(4));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> shared.apply(Input.of(5)));
    assertTrue(e.getMessage().startsWith("Dense(name=shared): was built for inputs [[4]], but is applied to [[5]]"),
        e.getMessage());
  }

  // ---- training ---------------------------------------------------------------------------

  @Test
  void fitReducesTheLoss() {
    Tensor[] d = SequentialTest.toyData(600, 1);
    Model m = twoBranches(4);
    double before = m.evaluate(d[0], d[1]).loss();
    History h = m.fit(d[0], d[1], FitOptions.defaults().epochs(5).verbose(false).validationSplit(0.2));
    double after = m.evaluate(d[0], d[1]).loss();
    assertTrue(after < 0.8 * before, before + " -> " + after);
    assertTrue(h.get("loss").get(4) < h.get("loss").get(0), h.toString());
    assertTrue(h.get("val_loss").get(4) < h.get("val_loss").get(0), h.toString());
    assertTrue(h.last("accuracy") > 0.5, h.toString());
  }

  @Test
  void theSameSeedGivesTheSameWeightsAndTraining() {
    Tensor[] d = SequentialTest.toyData(200, 2);
    Model a = twoBranches(7);
    Model b = twoBranches(7);
    assertFalse(Arrays.equals(a.weights().get("trunk/kernel").data(), twoBranches(8).weights().get("trunk/kernel").data()));
    FitOptions options = FitOptions.defaults().epochs(2).verbose(false);
    assertEquals(a.fit(d[0], d[1], options).asMap(), b.fit(d[0], d[1], options).asMap());
    b.weights().forEach((name, w) -> assertArrayEquals(a.weights().get(name).data(), w.data(), 0f, name));
  }

  @Test
  void copyGivesBitIdenticalPredictionsAndTrainsOnItsOwn() {
    Tensor[] d = SequentialTest.toyData(300, 3);
    Model m = twoBranches(5);
    m.fit(d[0], d[1], FitOptions.defaults().epochs(2).verbose(false));
    Tensor predicted = m.predict(d[0]);
    Model copy = m.copy();
    assertEquals(names(m), names(copy));
    assertEquals(2, copy.get("shared").nodes().size(), "the copy shares its layer as the original does");
    assertArrayEquals(predicted.data(), copy.predict(d[0]).data(), 0f);
    copy.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.1).build());
    copy.fit(d[0], d[1], FitOptions.defaults().epochs(1).verbose(false));
    assertFalse(Arrays.equals(predicted.data(), copy.predict(d[0]).data()), "the copy trained");
    assertArrayEquals(predicted.data(), m.predict(d[0]).data(), 0f, "the original did not");
  }

  // ---- gradients --------------------------------------------------------------------------

  /**
   * The gradient of the shared layer is the sum over its two applications, and the trunk, read by
   * two layers, gets the sum of both branches' gradients: every parameter's gradient matches the
   * finite differences of the total loss.
   */
  @Test
  void sharedLayersAndValuesReadTwiceGetTheSumOfTheirGradients() {
    Tensor[] d = SequentialTest.toyData(16, 4);
    Model m = twoBranches(6);
    Model probe = m.copy();
    probe.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().build());
    Map<String, float[]> analytic = gradients(m, d[0], List.of(d[1]));
    assertMatchesFiniteDifferences(probe, d[0], List.of(d[1]), analytic);
  }

  /**
   * x → trunk read by two heads, one output each: the trunk's gradient with both losses is the sum
   * of its gradients with each loss alone (an output without an objective has no loss).
   */
  @Test
  void aValueReadByTwoLayersGetsTheSumOfBothGradients() {
    Tensor[] d = SequentialTest.toyData(32, 5);
    List<Tensor> y = List.of(d[1], d[1]);
    Map<String, float[]> both = gradients(twoHeads("left", "right"), d[0], y);
    Map<String, float[]> left = gradients(twoHeads("left"), d[0], y);
    Map<String, float[]> right = gradients(twoHeads("right"), d[0], y);
    for (String p : List.of("trunk/kernel", "trunk/bias")) {
      float[] sum = new float[both.get(p).length];
      for (int i = 0; i < sum.length; i++) {
        sum[i] = left.get(p)[i] + right.get(p)[i];
      }
      assertFalse(Arrays.equals(new float[sum.length], left.get(p)), "each head's loss reaches the trunk");
      assertFalse(Arrays.equals(new float[sum.length], right.get(p)), "each head's loss reaches the trunk");
      assertArrayEquals(sum, both.get(p), 1e-6f, p);
    }
    assertArrayEquals(new float[both.get("right/kernel").length], left.get("right/kernel"), 0f,
        "a head without a loss gets a zero gradient");
    Model probe = twoHeads("left", "right");
    assertMatchesFiniteDifferences(probe, d[0], y, both);
  }

  /** x → trunk → left (softmax) and trunk → right (softmax), trained on the outputs named. */
  private static Model twoHeads(String... trained) {
    Input x = Input.of(4);
    SymbolicTensor trunk = Dense.builder(5).activation(Activations.TANH).name("trunk").apply(x);
    SymbolicTensor left = Dense.builder(4).activation(Activations.SOFTMAX).name("left").apply(trunk);
    SymbolicTensor right = Dense.builder(4).activation(Activations.SOFTMAX).name("right").apply(trunk);
    Model m = Model.of(9, List.of(x), List.of(left, right));
    m.compile(Optimizers.sgd().learningRate(0.1).build(), Arrays.stream(trained)
        .map(o -> Objective.of(o, Losses.sparseCategoricalCrossentropy())).toList());
    return m;
  }

  /**
   * A residual MLP (Dense, Add, Activation, two outputs with weighted losses, BN and dropout) trains
   * without allocating per batch: the extra bytes of a 2-epoch fit over a 1-epoch fit, 200 batches,
   * stay below 8 per batch (retried while the JIT is still compiling).
   */
  @Test
  void aResidualModelTrainsWithoutAllocatingPerBatch() {
    Input x = Input.of(8);
    SymbolicTensor h = Dense.builder(16).activation(Activations.RELU).apply(x);
    SymbolicTensor r = new dev.lamina.layers.Dropout.Spec(0.2, null).apply(Dense.builder(16).activation(Activations.RELU).apply(h));
    r = new dev.lamina.layers.BatchNormalization.Spec().apply(Dense.builder(16).apply(r));
    h = new dev.lamina.layers.ActivationLayer.Spec(Activations.RELU, null).apply(new dev.lamina.layers.Add.Spec(null).apply(h, r));
    SymbolicTensor label = Dense.builder(3).activation(Activations.SOFTMAX).name("label").apply(h);
    SymbolicTensor value = Dense.builder(1).name("value").apply(h);
    Model model = Model.of(5, List.of(x), List.of(label, value));
    model.compile(Optimizers.adam().build(), Objective.of("label", Losses.sparseCategoricalCrossentropy()),
        Objective.of("value", Losses.meanSquaredError()).weight(0.5));
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    int n = 4000;
    float[] xs = new float[n * 8];
    float[] labels = new float[n];
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 8; j++) {
        xs[i * 8 + j] = (float) random.nextGaussian();
      }
      labels[i] = xs[i * 8] > 0.5 ? 2 : xs[i * 8] > -0.5 ? 1 : 0;
      values[i] = xs[i * 8 + 1] * 2;
    }
    List<Tensor> in = List.of(Tensor.of(xs, n, 8));
    List<Tensor> out = List.of(Tensor.of(labels, n), Tensor.of(values, n, 1));
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long perEpoch = Long.MAX_VALUE;
    for (int round = 0; round < 60 && perEpoch >= 200 * 8; round++) {
      long[] bytes = new long[3];
      for (int epochs = 1; epochs <= 2; epochs++) {
        for (int i = 0; i < (epochs == 1 ? 5 : 1); i++) {
          FitOptions options = FitOptions.defaults().epochs(epochs).batchSize(20).verbose(false).seed(1).threads(1);
          long before = bean.getThreadAllocatedBytes(id);
          model.fit(in, out, options);
          bytes[epochs] = bean.getThreadAllocatedBytes(id) - before;
        }
      }
      perEpoch = bytes[2] - bytes[1];
    }
    assertTrue(perEpoch < 200 * 8, "an epoch of 200 batches allocated " + perEpoch + " bytes");
  }

  // ---- cutting a model for transfer learning --------------------------------------------------

  /** conv → BN → ReLU stem, a residual block, a stride-2 top block, pooling, flatten, a 3-way classifier. */
  private static Model residualCnn(long seed) {
    Input x = Input.of(1, 8, 8);
    SymbolicTensor stem = convBnRelu("stem", 4, 1, x);
    SymbolicTensor b = new BatchNormalization.Spec().name("block1/bn").apply(
        Conv2D.builder(4, 3).padding(Padding.SAME).useBias(false).name("block1/conv").apply(stem));
    SymbolicTensor h = new ActivationLayer.Spec(Activations.RELU, "block1/relu").apply(new dev.lamina.layers.Add.Spec("block1/add").apply(b, stem));
    h = convBnRelu("block2", 8, 2, h);
    h = new Flatten.Spec("flatten").apply(new GlobalAveragePooling2D.Spec().name("pool").apply(h));
    return Model.of(seed, x, Dense.builder(3).activation(Activations.SOFTMAX).name("classifier").apply(h));
  }

  private static SymbolicTensor convBnRelu(String block, int filters, int strides, SymbolicTensor in) {
    SymbolicTensor c = Conv2D.builder(filters, 3).strides(strides).padding(Padding.SAME).useBias(false)
        .name(block + "/conv").apply(in);
    return new ActivationLayer.Spec(Activations.RELU, block + "/relu").apply(new BatchNormalization.Spec()
        .name(block + "/bn").apply(c));
  }

  /** [n, 1, 8, 8] noise with a bright 4x4 quadrant; the label is the quadrant modulo {@code classes}. */
  private static Tensor[] quadrants(int n, int classes, long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    float[] x = new float[n * 64];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      int q = r.nextInt(4);
      y[i] = q % classes;
      for (int p = 0; p < 64; p++) {
        boolean lit = (p / 8 < 4) == (q < 2) && (p % 8 < 4) == (q % 2 == 0);
        x[i * 64 + p] = (float) (0.3 * r.nextGaussian() + (lit ? 1 : 0));
      }
    }
    return new Tensor[] {Tensor.of(x, n, 1, 8, 8), Tensor.of(y, n)};
  }

  @Test
  void cutAtCopiesTheLayersUpToTheNamedOneWithTheirWeights() {
    Model base = residualCnn(1);
    Model backbone = base.cutAt("flatten");
    assertEquals(base.layers().subList(0, base.layers().size() - 1).stream().map(Layer::name).toList(),
        backbone.layers().stream().map(Layer::name).toList());
    assertArrayEquals(new int[] {8}, backbone.output().shape());
    base.weights().forEach((name, w) -> {
      if (!name.startsWith("classifier/")) {
        assertArrayEquals(w.data(), backbone.weights().get(name).data(), 0f, name);
      }
    });
    backbone.get("stem/conv").parameters().get(0).set(Tensor.zeros(4, 1, 3, 3));
    assertFalse(Arrays.equals(new float[36], base.get("stem/conv").parameters().get(0).value()),
        "the cut is a copy: changing it leaves the base model as it was");

    Model stem = base.cutAt("stem/relu");
    assertEquals(List.of("stem/conv", "stem/bn", "stem/relu"), stem.layers().stream().map(Layer::name).toList());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> base.cutAt("block3/conv"));
    assertTrue(unknown.getMessage().contains("no layer named 'block3/conv'"), unknown.getMessage());
  }

  @Test
  void cutAtALayerAppliedTwiceIsAnErrorNamingIt() {
    Input x = Input.of(4);
    Dense shared = Dense.builder(4).name("shared").create();
    Model m = Model.of(1, x, Dense.builder(1).name("out").apply(shared.apply(shared.apply(x))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.cutAt("shared"));
    assertTrue(e.getMessage().contains("'shared': it is applied 2 times"), e.getMessage());
  }

  @Test
  void aCutBackboneUnderANewHeadTrainsFrozenWithBatchNormInInferenceModeThenItsTopBlockAtALowerRate() {
    Tensor[] a = quadrants(256, 3, 1);
    Model base = residualCnn(1);
    base.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.05).momentum(0.9).build());
    base.fit(a[0], a[1], FitOptions.defaults().epochs(5).verbose(false));
    Map<String, Tensor> baseWeights = base.weights();

    Model backbone = base.cutAt("flatten");
    Model model = Model.of(7, backbone.input(),
        Dense.builder(2).activation(Activations.SOFTMAX).name("head").apply(backbone.output()));
    assertEquals(List.of("stem/conv", "stem/bn", "stem/relu", "block1/conv", "block1/bn", "block1/add", "block1/relu",
        "block2/conv", "block2/bn", "block2/relu", "pool", "flatten"), model.freeze("stem/.*|block.*|pool|flatten"));
    Tensor[] b = quadrants(128, 2, 2);
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.05).momentum(0.9).build(),
        Metrics.accuracy());
    Map<String, Tensor> start = model.weights();
    model.fit(b[0], b[1], FitOptions.defaults().epochs(8).verbose(false));
    Map<String, Tensor> frozen = model.weights();
    start.forEach((name, w) -> assertEquals(!name.startsWith("head/"), Arrays.equals(w.data(), frozen.get(name).data()),
        name + ": only the head trains; frozen BN keeps its moving statistics (inference mode, Keras' rule)"));

    assertEquals(List.of("block2/conv", "block2/bn", "block2/relu"), model.unfreeze("block2/.*"));
    model.learningRateMultiplier("block2/.*", 0.1);
    assertEquals(0.1, model.get("block2/conv").parameters().get(0).learningRateMultiplier(), 0.0);
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.sgd().learningRate(0.01).momentum(0.9).build(),
        Metrics.accuracy());
    model.fit(b[0], b[1], FitOptions.defaults().epochs(10).initialEpoch(8).verbose(false));
    Map<String, Tensor> tuned = model.weights();
    frozen.forEach((name, w) -> assertEquals(name.startsWith("stem/") || name.startsWith("block1/"),
        Arrays.equals(w.data(), tuned.get(name).data()), name + ": the top block and the head train, the rest stays"));
    double accuracy = model.evaluate(b[0], b[1]).get("accuracy");
    assertTrue(accuracy > 0.75, "the new task is learnt: accuracy " + accuracy);
    baseWeights.forEach((name, w) -> assertArrayEquals(w.data(), base.weights().get(name).data(), 0f,
        name + ": the base model is unchanged"));
  }
}
