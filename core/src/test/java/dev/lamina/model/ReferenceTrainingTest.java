// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Input;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.Parameter;
import dev.lamina.losses.Losses;
import dev.lamina.optimizers.Convention;
import dev.lamina.optimizers.Nadam;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.optimizers.OptimizerBuilder;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.optimizers.SGD;
import dev.lamina.tensor.Tensor;
import dev.lamina.testing.ReferenceCase;
import dev.lamina.testing.ReferenceCase.Tolerance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Backpropagation and optimizer trajectories of a small MLP against the reference values
 * ({@code optimizers/*}; torch.optim rules, Keras 3 rules for {@code keras_*}): the loss and every gradient at the initial weights
 * ({@code model_gradients}), and full-batch training with every optimizer, both conventions and
 * gradient clipping ({@code optimizer_trajectory}), checked at every checkpoint through
 * {@link Sequential#fit}. Model, hyperparameters, tolerances and files come from the manifests.
 */
class ReferenceTrainingTest {

  /**
   * {@code optimizers/initial_gradients} gives no {@code suggested_tolerance}; its values are
   * float64 results stored as float32 like the layer cases, so use the layer cases' tolerance.
   */
  private static final Tolerance GRADIENT_FALLBACK = new Tolerance(1e-5, 1e-5);

  @TestFactory
  Stream<DynamicTest> gradientsAtTheInitialWeights() {
    List<ReferenceCase> cases = ReferenceCase.ofKind("model_gradients");
    assertFalse(cases.isEmpty(), "index.json lists no model_gradients case");
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.path(), () -> checkGradients(c)));
  }

  @TestFactory
  Stream<DynamicTest> optimizerTrajectories() {
    List<ReferenceCase> cases = ReferenceCase.ofKind("optimizer_trajectory");
    assertFalse(cases.isEmpty(), "index.json lists no optimizer_trajectory case");
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.path(), () -> checkTrajectory(c)));
  }

  private static void checkGradients(ReferenceCase c) {
    Tolerance tol = c.toleranceOr(GRADIENT_FALLBACK);
    Net net = Net.of(c);
    Tensor x = tensor(c, "x");
    Tensor y = labels(c, "y");
    // one full-batch step with learning rate 0: the trainer's own forward, loss and backward;
    // the gradients stay in the parameters and the weights do not move
    net.model.compile(Losses.sparseCategoricalCrossentropy(true), SGD.builder().learningRate(0).build());
    History h = net.model.fit(x, y, options(x));
    tol.assertClose(c.path() + " loss", c.f32("loss")[0], h.get("loss").get(0));
    for (int i = 0; i < net.names.size(); i++) {
      String name = net.names.get(i);
      tol.assertClose(c.path() + " " + name + ".grad", c.f32(name + ".grad"), net.parameters.get(i).gradient().clone());
      tol.assertClose(c.path() + " " + name + " unchanged", c.f32(name + ".init"), net.parameters.get(i).value().clone());
    }
  }

  private static void checkTrajectory(ReferenceCase c) {
    Optimizer optimizer = optimizer(c);
    Tolerance tol = c.tolerance();
    Net net = Net.of(c);
    Tensor x = tensor(c, "x");
    Tensor y = labels(c, "y");
    net.model.compile(Losses.sparseCategoricalCrossentropy(true), optimizer);
    int steps = c.integer("steps");
    int[] checkpoints = c.ints("checkpoints");
    assertTrue(checkpoints.length > 0, c.path() + ": no checkpoints");
    float[] expectedLosses = c.f32("losses");
    assertEquals(steps, expectedLosses.length, c.path() + ": one loss per step");
    float[] losses = new float[steps];
    int compared = 0;
    for (int step = 1; step <= steps; step++) {
      // one epoch of one full batch = one step; the optimizer keeps its state between fits.
      // History's loss of a full-batch epoch is the loss before that epoch's update = losses[step-1].
      History h = net.model.fit(x, y, options(x));
      losses[step - 1] = h.get("loss").get(0).floatValue();
      final int s = step;
      if (Arrays.stream(checkpoints).anyMatch(k -> k == s)) {
        for (int i = 0; i < net.names.size(); i++) {
          String name = net.names.get(i) + ".step" + step;
          tol.assertClose(c.path() + " " + name, c.f32(name), net.parameters.get(i).value().clone());
        }
        compared++;
      }
    }
    assertEquals(checkpoints.length, compared, c.path() + ": every checkpoint within the steps");
    assertEquals(steps, optimizer.iterations(), c.path() + ": one optimizer step per epoch");
    tol.assertClose(c.path() + " losses", expectedLosses, losses);
    if (c.hasArray("loss_after_last_step")) {
      tol.assertClose(c.path() + " loss_after_last_step", c.f32("loss_after_last_step")[0],
          net.model.evaluate(x, y, x.samples()).loss());
    }
  }

  /** Full batch, in order, quiet: one epoch is one optimizer step. */
  private static FitOptions options(Tensor x) {
    return FitOptions.defaults().epochs(1).batchSize(x.samples()).shuffle(false).verbose(false);
  }

  /**
   * The optimizer a trajectory case describes: {@code keras_*} cases under {@link Convention#KERAS},
   * the others (torch.optim) under {@link Convention#PYTORCH}, every hyperparameter from the
   * manifest. Hyperparameters Lamina lacks must be at their neutral value.
   */
  private static Optimizer optimizer(ReferenceCase c) {
    String name = c.string("optimizer", "name");
    boolean keras = name.startsWith("keras_");
    // family: the name without the keras_ prefix and any variant suffix (sgd_clip_value -> sgd)
    String family = name.replaceFirst("^keras_", "").split("_")[0];
    Hyperparameters hp = new Hyperparameters(c);
    OptimizerBuilder b = switch (family) {
      case "sgd" -> Optimizers.sgd().momentum(hp.number("momentum")).nesterov(hp.bool("nesterov"));
      case "adam", "adamw" -> (family.equals("adam") ? Optimizers.adam() : Optimizers.adamW())
          .beta1(hp.number("beta1")).beta2(hp.number("beta2")).epsilon(hp.number("eps")).amsgrad(hp.bool("amsgrad"));
      case "adamax" -> Optimizers.adamax().beta1(hp.number("beta1")).beta2(hp.number("beta2")).epsilon(hp.number("eps"));
      case "nadam" -> nadam(c, hp, keras);
      case "rmsprop" -> Optimizers.rmsprop().rho(hp.number("rho")).momentum(hp.number("momentum"))
          .epsilon(hp.number("eps")).centered(hp.bool("centered"));
      case "adagrad" -> Optimizers.adagrad().initialAccumulatorValue(hp.number("initial_accumulator_value"))
          .epsilon(hp.number("eps"));
      default -> throw new AssertionError(c.path() + ": unknown optimizer '" + name + "' (family '" + family
          + "'): add it to ReferenceTrainingTest.optimizer");
    };
    b.learningRate(hp.number("lr")).convention(keras ? Convention.KERAS : Convention.PYTORCH);
    // Lamina's weight decay is decoupled: Keras' weight_decay and torch's AdamW; torch's other
    // optimizers add weight_decay·w to the gradient (L2), which Lamina does not offer
    double weightDecay = hp.has("weight_decay") ? hp.number("weight_decay") : 0;
    if (keras || family.equals("adamw")) {
      b.weightDecay(weightDecay);
    } else {
      assertEquals(0.0, weightDecay, c.path() + ": torch's L2 weight_decay is not supported");
    }
    hp.assertNeutral("dampening", 0.0);
    hp.assertNeutral("lr_decay", 0.0);
    hp.assertNeutral("maximize", false);
    assertEquals("constant", c.string("optimizer", "lr_schedule"), c.path() + ": lr_schedule");
    if (c.has("gradient_clipping")) { // null when the case does not clip
      double threshold = c.number("gradient_clipping", "threshold");
      String kind = c.string("gradient_clipping", "kind");
      switch (kind) {
        case "value" -> b.clipValue(threshold);
        case "norm_per_tensor" -> b.clipNorm(threshold);
        // torch's clip_grad_norm_ divides by N + 1e-6, Lamina (Keras global_clipnorm) by N: the
        // manifest tolerance is kept; a failure here would be that difference, reported, not hidden
        case "global_norm" -> b.globalClipNorm(threshold);
        default -> throw new AssertionError(c.path() + ": unknown gradient_clipping kind '" + kind + "'");
      }
    }
    return b.build();
  }

  /** Keras' Nadam has a fixed schedule (checked against the manifest), torch's a momentum_decay. */
  private static OptimizerBuilder nadam(ReferenceCase c, Hyperparameters hp, boolean keras) {
    Nadam.Builder b = Optimizers.nadam().beta1(hp.number("beta1")).beta2(hp.number("beta2")).epsilon(hp.number("eps"));
    if (hp.has("momentum_decay")) {
      b.momentumDecay(hp.number("momentum_decay"));
    } else {
      assertTrue(keras, c.path() + ": a torch NAdam case needs momentum_decay");
      assertEquals("u_t = beta1 * (1 - 0.5 * 0.96**t)", hp.string("momentum_schedule"), c.path() + ": momentum_schedule");
    }
    return b;
  }

  /** The manifest's {@code optimizer.hyperparameters}, with the case named in every failure. */
  private record Hyperparameters(ReferenceCase c) {
    boolean has(String key) {
      return c.has("optimizer", "hyperparameters", key);
    }

    double number(String key) {
      return c.number("optimizer", "hyperparameters", key);
    }

    boolean bool(String key) {
      return c.bool("optimizer", "hyperparameters", key);
    }

    String string(String key) {
      return c.string("optimizer", "hyperparameters", key);
    }

    /** A hyperparameter Lamina lacks must be absent or at the value that switches it off. */
    void assertNeutral(String key, Object off) {
      if (has(key)) {
        Object v = c.get("optimizer", "hyperparameters", key);
        assertEquals(off, v instanceof Number n ? (Object) n.doubleValue() : v, c.path() + ": " + key + " is not supported");
      }
    }
  }

  /** The manifest's MLP as a Sequential with its initial weights, and its parameters in manifest order. */
  private record Net(Sequential model, List<String> names, List<Parameter> parameters) {

    @SuppressWarnings("unchecked")
    static Net of(ReferenceCase c) {
      String loss = c.string("model", "loss");
      assertTrue(loss.contains("LOGITS") && loss.contains("integer labels") && loss.contains("MEAN over the batch"),
          c.path() + ": the model's loss must be sparse softmax cross-entropy from logits, mean over the batch: " + loss);
      List<LayerSpec> specs = new ArrayList<>();
      List<Map<String, Object>> layers = (List<Map<String, Object>>) (List<?>) c.list("model", "layers");
      for (Map<String, Object> l : layers) {
        assertEquals("Dense", l.get("type"), c.path() + ": layer type");
        String kernel = (String) l.get("kernel");
        specs.add(Dense.builder(((Number) l.get("units_out")).intValue())
            .activation(activation((String) l.get("activation")))
            .useBias(l.get("bias") != null)
            .name(kernel.replaceFirst("_kernel$", "")));
      }
      int inputs = ((Number) layers.get(0).get("units_in")).intValue();
      assertEquals(inputs, c.shape("x")[1], c.path() + ": x features");
      Sequential model = Sequential.of(0, Input.of(inputs), specs);
      List<String> names = new ArrayList<>();
      List<Parameter> parameters = new ArrayList<>();
      for (int i = 0; i < layers.size(); i++) {
        Map<String, Object> l = layers.get(i);
        Dense d = (Dense) model.layers().get(i);
        assertEquals(((Number) l.get("units_in")).intValue(), d.kernel().shape()[0], c.path() + ": units_in");
        List<Tensor> weights = new ArrayList<>();
        for (String key : List.of("kernel", "bias")) {
          String name = (String) l.get(key);
          if (name != null) {
            weights.add(tensor(c, name + ".init"));
            names.add(name);
          }
        }
        model.setWeights(d.name(), weights);
        parameters.addAll(d.parameters());
      }
      assertEquals(c.list("model", "parameter_order"), new ArrayList<Object>(names), c.path() + ": parameter order");
      return new Net(model, names, parameters);
    }

    /** "tanh" → TANH; "linear (logits)" → LINEAR: the first word is the Keras name. */
    private static Activation activation(String description) {
      String name = description.split("[ (]")[0];
      return Activations.all().stream().filter(a -> a.name().equals(name)).findFirst()
          .orElseThrow(() -> new AssertionError("unknown activation '" + description + "'"));
    }
  }

  private static Tensor tensor(ReferenceCase c, String name) {
    return Tensor.of(c.f32(name), c.shape(name));
  }

  /** Integer labels as float class indices [samples]. */
  private static Tensor labels(ReferenceCase c, String name) {
    int[] v = c.i32(name);
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = v[i];
    }
    return Tensor.of(f, v.length);
  }
}
