// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.callbacks.BatchGradients;
import dev.lamina.callbacks.Callback;
import dev.lamina.callbacks.EpochEnd;
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.Add;
import dev.lamina.layers.Concatenate;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Executor;
import dev.lamina.layers.Graph;
import dev.lamina.layers.Input;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Mode;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.losses.Loss;
import dev.lamina.losses.Losses;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Matrix;
import dev.lamina.tensor.Tensor;
import dev.lamina.testing.ReferenceCase;
import dev.lamina.testing.ReferenceCase.Tolerance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Graph models (functional API) against the PyTorch reference values ({@code graph_training}
 * cases, {@code graphs/*}): the model is built from the manifest's node list (Dense, Activation,
 * Add, Concatenate; a Dense layer applied twice when two nodes name the same kernel), set to the
 * initial weights, and checked at every level:
 *
 * <ul>
 *   <li>with an {@link Executor} at the initial weights: every node's output, each output's loss
 *       and the weighted total, every parameter's gradient, every node's gradient (the sum over its
 *       readers) and the inputs' gradients;
 *   <li>through {@link Model#fit}, full-batch, one SGD-momentum step per epoch: the parameter
 *       gradients of the first batch, the weights after every step, the total and per-output
 *       losses before every step, and the losses with the final weights.
 * </ul>
 *
 * Names, shapes, hyperparameters and tolerances come from the manifests, so another asset folder
 * of the same format runs unchanged ({@code -Dlamina.reference=DIR}).
 */
class ReferenceGraphTest {

  @TestFactory
  Stream<DynamicTest> graphTraining() {
    List<ReferenceCase> cases = ReferenceCase.ofKind("graph_training");
    assertFalse(cases.isEmpty(), "index.json lists no graph_training case");
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.path(), () -> check(c)));
  }

  private static void check(ReferenceCase c) {
    Checks checks = new Checks(c);
    Net net = Net.of(c);
    checkInitialPass(c, net, checks);
    checkTraining(c, net, checks);
    checks.summary();
  }

  // ---- forward and backward at the initial weights, node by node ---------------------------

  private static void checkInitialPass(ReferenceCase c, Net net, Checks checks) {
    Graph graph = net.model.graph();
    Executor run = new Executor(graph);
    List<Input> inputs = graph.inputs();
    for (int i = 0; i < inputs.size(); i++) {
      run.setInput(i, matrix(c, net.inputArrays.get(i)));
    }
    run.forward(Mode.TRAIN);
    for (Map.Entry<String, SymbolicTensor> e : net.nodes.entrySet()) {
      checks.close("node." + e.getKey(), values(c, "node." + e.getKey(), run.value(graph.slot(e.getValue()))));
    }

    List<Map<String, Object>> outputs = net.outputSpecs;
    Matrix[] gradients = new Matrix[outputs.size()];
    double total = 0;
    for (int o = 0; o < outputs.size(); o++) {
      Map<String, Object> spec = outputs.get(o);
      String name = (String) spec.get("name");
      Matrix out = run.output(o);
      gradients[o] = new Matrix(out.rows(), out.cols());
      double loss = net.losses.get(o).compute(out, targetMatrix(c, (String) spec.get("target")), gradients[o]);
      double weight = net.weights[o];
      float[] g = gradients[o].data();
      for (int k = 0, n = gradients[o].size(); k < n; k++) {
        g[k] *= (float) weight; // d(total)/d(output) = weight · d(loss)/d(output), as the trainer does
      }
      if (c.hasArray("loss." + name)) {
        checks.close("loss." + name, c.f32("loss." + name)[0], loss);
      }
      total += weight * loss;
    }
    checks.close("loss_total", c.f32("loss_total")[0], total);

    boolean[] fromPreActivation = new boolean[outputs.size()];
    boolean inputGradients = inputs.stream().anyMatch(in -> c.hasArray(in.name() + ".grad"));
    run.backward(gradients, fromPreActivation, inputGradients);
    for (Map.Entry<String, Parameter> p : net.parameters.entrySet()) {
      checks.close(p.getKey() + ".grad", c.f32(p.getKey() + ".grad"), p.getValue().gradient().clone());
    }
    for (Map.Entry<String, SymbolicTensor> e : net.nodes.entrySet()) {
      String name = "node." + e.getKey() + ".grad";
      if (c.hasArray(name)) {
        Matrix g = run.gradient(graph.slot(e.getValue()));
        assertNotNull(g, c.path() + ": no gradient reached node " + e.getKey());
        checks.close(name, values(c, name, g));
      }
    }
    for (int i = 0; i < inputs.size(); i++) {
      String name = inputs.get(i).name() + ".grad";
      if (c.hasArray(name)) {
        checks.close(name, values(c, name, run.inputGradient(i)));
      }
    }
  }

  // ---- training through Model.fit ------------------------------------------------------------

  private static void checkTraining(ReferenceCase c, Net net, Checks checks) {
    Optimizer optimizer = optimizer(c);
    List<Objective> objectives = new ArrayList<>();
    for (int o = 0; o < net.outputSpecs.size(); o++) {
      objectives.add(Objective.of(net.outputNames.get(o), net.losses.get(o)).weight(net.weights[o]));
    }
    net.model.compile(optimizer, objectives);

    List<Tensor> x = net.inputArrays.stream().map(a -> tensor(c, a)).toList();
    List<Tensor> y = net.outputSpecs.stream().map(s -> target(c, (String) s.get("target"))).toList();
    int samples = x.get(0).samples();
    int steps = c.integer("steps");
    List<String> names = new ArrayList<>(net.parameters.keySet());
    List<Parameter> parameters = new ArrayList<>(net.parameters.values());

    // read during fit, compared afterwards (an assertion thrown inside fit would be a training error)
    List<float[]> firstGradients = new ArrayList<>();
    List<List<float[]>> weightsAfterEpoch = new ArrayList<>();
    Callback record = new Callback() {
      @Override
      public void onBatchGradients(BatchGradients e) {
        if (e.epoch() == 0 && e.batch() == 0) {
          parameters.forEach(p -> firstGradients.add(p.gradient().clone()));
        }
      }

      @Override
      public void onEpochEnd(EpochEnd e) {
        weightsAfterEpoch.add(parameters.stream().map(p -> p.value().clone()).toList());
      }
    };
    // full batch, in order: one epoch is one optimizer step on the same batch
    History h = net.model.fit(x, y, FitOptions.defaults().epochs(steps).batchSize(samples).shuffle(false)
        .verbose(false).callbacks(record));

    assertEquals(steps, optimizer.iterations(), c.path() + ": one optimizer step per epoch");
    assertEquals(steps, weightsAfterEpoch.size(), c.path() + ": epochs");
    for (int i = 0; i < names.size(); i++) {
      checks.close("fit: " + names.get(i) + ".grad (first batch)", c.f32(names.get(i) + ".grad"), firstGradients.get(i));
    }
    for (int step = 1; step <= steps; step++) {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i) + ".step" + step;
        checks.close(name, c.f32(name), weightsAfterEpoch.get(step - 1).get(i));
      }
    }

    // History's loss of a full-batch epoch is the loss before that epoch's update = losses[step-1]
    float[] expectedLosses = c.f32("losses");
    assertEquals(steps, expectedLosses.length, c.path() + ": one loss per step");
    checks.close("losses", expectedLosses, floats(h.get("loss")));
    float[] perOutput = c.f32("per_output_losses");
    int outputs = net.outputSpecs.size();
    assertTrue(Arrays.equals(new int[] {steps, outputs}, c.shape("per_output_losses")),
        c.path() + ": per_output_losses is [steps, outputs]");
    for (int o = 0; o < outputs; o++) {
      float[] expected = new float[steps];
      float[] got = new float[steps];
      for (int s = 0; s < steps; s++) {
        int epoch = s;
        expected[s] = perOutput[s * outputs + o];
        got[s] = (float) perOutputLoss(net, o, h.get("loss").get(s), name -> h.get(name).get(epoch));
      }
      checks.close("per_output_losses[:, " + net.outputNames.get(o) + "]", expected, got);
    }

    Evaluation after = net.model.evaluate(x, y, samples);
    checks.close("loss_after_last_step", c.f32("loss_after_last_step")[0], after.loss());
    if (c.hasArray("per_output_losses_after_last_step")) {
      float[] expected = c.f32("per_output_losses_after_last_step");
      float[] got = new float[outputs];
      for (int o = 0; o < outputs; o++) {
        got[o] = (float) perOutputLoss(net, o, after.loss(), after::get);
      }
      checks.close("per_output_losses_after_last_step", expected, got);
    }
  }

  /**
   * Output {@code o}'s unweighted loss from the logs: {@code <output>_loss} for a model of several
   * outputs; a single output's is the total over its weight (Lamina logs no separate loss then).
   */
  private static double perOutputLoss(Net net, int o, double total, ToDoubleFunction<String> log) {
    if (net.outputSpecs.size() > 1) {
      return log.applyAsDouble(net.outputNames.get(o) + "_loss");
    }
    assertTrue(net.weights[0] > 0, "a single output's loss weight must be > 0 to recover its loss");
    return total / net.weights[0];
  }

  /** The manifest's optimizer: SGD with momentum (torch.optim.SGD, dampening 0, no weight decay). */
  private static Optimizer optimizer(ReferenceCase c) {
    String name = c.string("optimizer", "name");
    assertTrue(name.equals("sgd") || name.startsWith("sgd_"), c.path() + ": optimizer '" + name
        + "' is not SGD; add it to ReferenceGraphTest.optimizer");
    assertEquals(0.0, c.number("optimizer", "dampening"), c.path() + ": dampening is not supported");
    assertEquals(0.0, c.number("optimizer", "weight_decay"), c.path() + ": torch's L2 weight_decay is not supported");
    return Optimizers.sgd()
        .learningRate(c.number("optimizer", "lr"))
        .momentum(c.number("optimizer", "momentum"))
        .nesterov(c.bool("optimizer", "nesterov"))
        .build();
  }

  // ---- the model from the manifest -----------------------------------------------------------

  /**
   * The manifest's graph as a Lamina model with its initial weights.
   *
   * @param nodes each manifest node's output, in manifest order
   * @param parameters each parameter by its array name, in {@code graph.parameter_order}
   * @param inputArrays the array of each model input, in input order
   * @param outputSpecs the manifest's {@code graph.outputs}
   * @param outputNames Lamina's name of each output (what {@link Objective} refers to)
   */
  private record Net(Model model, Map<String, SymbolicTensor> nodes, Map<String, Parameter> parameters,
      List<String> inputArrays, List<Map<String, Object>> outputSpecs, List<String> outputNames, List<Loss> losses,
      double[] weights) {

    @SuppressWarnings("unchecked")
    static Net of(ReferenceCase c) {
      Map<String, SymbolicTensor> values = new LinkedHashMap<>(); // graph inputs and node outputs by name
      List<Input> inputs = new ArrayList<>();
      List<String> inputArrays = new ArrayList<>();
      for (Object o : c.list("graph", "inputs")) {
        Map<String, Object> in = (Map<String, Object>) o;
        String name = (String) in.get("name");
        String array = (String) in.get("array");
        List<Object> shape = (List<Object>) in.get("shape");
        assertEquals(null, shape.get(0), c.path() + ": input " + name + " has a free batch axis");
        int[] sample = shape.subList(1, shape.size()).stream().mapToInt(v -> ((Number) v).intValue()).toArray();
        int[] data = c.shape(array);
        assertTrue(Arrays.equals(sample, Arrays.copyOfRange(data, 1, data.length)),
            c.path() + ": input " + name + " " + shape + " vs array " + Arrays.toString(data));
        Input input = Input.named(name, sample);
        inputs.add(input);
        inputArrays.add(array);
        values.put(name, input);
      }

      Map<String, SymbolicTensor> nodes = new LinkedHashMap<>();
      Map<String, Dense> byKernel = new LinkedHashMap<>(); // a Dense layer by the kernel array it holds
      Map<String, String> kernelOwner = new LinkedHashMap<>(); // the node that created it
      Map<String, Parameter> parameters = new LinkedHashMap<>();
      Map<String, String> initOf = new LinkedHashMap<>();
      for (Object o : c.list("graph", "nodes")) {
        Map<String, Object> node = (Map<String, Object>) o;
        String name = (String) node.get("name");
        String op = (String) node.get("op");
        Map<String, Object> params = (Map<String, Object>) node.get("params");
        List<SymbolicTensor> in = new ArrayList<>();
        for (Object i : (List<Object>) node.get("inputs")) {
          SymbolicTensor t = values.get((String) i);
          assertNotNull(t, c.path() + ": node " + name + " reads '" + i + "', which is no input nor earlier node");
          in.add(t);
        }
        SymbolicTensor out = switch (op) {
          case "Dense" -> {
            String kernel = (String) params.get("kernel");
            boolean useBias = (Boolean) params.get("use_bias");
            String bias = useBias ? (String) params.get("bias") : null;
            Dense layer = byKernel.get(kernel);
            if (layer == null) {
              assertFalse(params.containsKey("shares_weights_with"), c.path() + ": node " + name
                  + " shares weights with a node that does not come before it");
              layer = Dense.builder(((Number) params.get("units")).intValue())
                  .activation(activation(c, (String) params.get("activation")))
                  .useBias(useBias)
                  .name(name)
                  .create();
              byKernel.put(kernel, layer);
              kernelOwner.put(kernel, name);
              SymbolicTensor y = layer.apply(in);
              parameters.put(kernel, layer.kernel());
              if (bias != null) {
                parameters.put(bias, layer.bias());
              }
              yield y;
            }
            // the same kernel array: one layer applied again, its weights shared
            Object with = params.get("shares_weights_with");
            if (with != null) {
              assertEquals(kernelOwner.get(kernel), with, c.path() + ": node " + name + " shares_weights_with");
            }
            assertEquals(((Number) params.get("units")).intValue(), layer.units(), c.path() + ": units of " + name);
            assertEquals(activation(c, (String) params.get("activation")), layer.activation(),
                c.path() + ": activation of " + name);
            assertEquals(useBias, layer.useBias(), c.path() + ": use_bias of " + name);
            if (bias != null) {
              assertSame(layer.bias(), parameters.get(bias), c.path() + ": node " + name
                  + " shares the kernel of " + kernelOwner.get(kernel) + " but not its bias");
            }
            yield layer.apply(in);
          }
          case "Activation" -> new ActivationLayer.Spec(activation(c, (String) params.get("activation")), name)
              .create().apply(in);
          case "Add" -> new Add.Spec(name).create().apply(in);
          case "Concatenate" -> new Concatenate.Spec(((Number) params.get("axis")).intValue(), name).create().apply(in);
          default -> throw new AssertionError(c.path() + ": unknown op '" + op + "' of node " + name
              + "; add it to ReferenceGraphTest");
        };
        assertTrue(Arrays.equals(Arrays.copyOfRange(c.shape("node." + name), 1, c.shape("node." + name).length),
            out.shape()), c.path() + ": shape of node " + name + ": " + Arrays.toString(out.shape()) + " vs "
            + Arrays.toString(c.shape("node." + name)));
        values.put(name, out);
        nodes.put(name, out);
      }

      List<Map<String, Object>> outputSpecs = (List<Map<String, Object>>) (List<?>) c.list("graph", "outputs");
      List<SymbolicTensor> outputs = new ArrayList<>();
      List<Loss> losses = new ArrayList<>();
      double[] weights = new double[outputSpecs.size()];
      for (int o = 0; o < outputSpecs.size(); o++) {
        Map<String, Object> spec = outputSpecs.get(o);
        SymbolicTensor t = nodes.get((String) spec.get("node"));
        assertNotNull(t, c.path() + ": output " + spec.get("name") + " names an unknown node " + spec.get("node"));
        if (spec.containsKey("classes")) {
          assertEquals(((Number) spec.get("classes")).intValue(), t.size(), c.path() + ": classes of " + spec.get("name"));
        }
        outputs.add(t);
        losses.add(loss(c, (String) spec.get("loss")));
        weights[o] = ((Number) spec.get("loss_weight")).doubleValue();
      }

      Model model = Model.of(c.has("seed") ? c.integer("seed") : 0, inputs, outputs);
      List<String> outputNames = model.outputNames();

      // the weights: every parameter listed once, in parameter_order, set from <param>.init
      assertEquals(c.list("graph", "parameter_order"), new ArrayList<Object>(sorted(parameters, c).keySet()),
          c.path() + ": parameter_order");
      Map<String, Parameter> ordered = sorted(parameters, c);
      for (Map.Entry<String, Parameter> p : ordered.entrySet()) {
        p.getValue().set(tensor(c, p.getKey() + ".init"));
      }
      int trainable = 0;
      for (Layer l : model.layers()) {
        trainable += (int) l.parameters().stream().filter(Parameter::isTrainable).count();
      }
      assertEquals(ordered.size(), trainable, c.path() + ": the model's trainable parameters are the manifest's");
      return new Net(model, nodes, ordered, inputArrays, outputSpecs, outputNames, losses, weights);
    }

    /** The parameters in {@code graph.parameter_order} (the order of first use when it lists others). */
    private static Map<String, Parameter> sorted(Map<String, Parameter> parameters, ReferenceCase c) {
      Map<String, Parameter> ordered = new LinkedHashMap<>();
      for (Object name : c.list("graph", "parameter_order")) {
        Parameter p = parameters.get((String) name);
        if (p != null) {
          ordered.put((String) name, p);
        }
      }
      parameters.forEach(ordered::putIfAbsent);
      return ordered;
    }
  }

  /** A manifest activation by its Keras name ("relu", "tanh", "linear", "elu"). */
  private static Activation activation(ReferenceCase c, String name) {
    return Activations.all().stream().filter(a -> a.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(c.path() + ": unknown activation '" + name + "'"));
  }

  private static Loss loss(ReferenceCase c, String name) {
    return switch (name) {
      case "sparse_softmax_cross_entropy_from_logits" -> Losses.sparseCategoricalCrossentropy(true);
      case "mean_squared_error" -> Losses.meanSquaredError();
      default -> throw new AssertionError(c.path() + ": unknown loss '" + name + "'; add it to ReferenceGraphTest");
    };
  }

  // ---- arrays --------------------------------------------------------------------------------

  private static Tensor tensor(ReferenceCase c, String name) {
    return Tensor.of(c.f32(name), c.shape(name));
  }

  /** A float array as a [batch, features] matrix. */
  private static Matrix matrix(ReferenceCase c, String name) {
    int[] shape = c.shape(name);
    return Matrix.wrap(c.f32(name), shape[0], c.size(name) / shape[0]);
  }

  /** A target for fit: integer labels as float class indices [samples], float targets as they are. */
  private static Tensor target(ReferenceCase c, String name) {
    if (!c.string("arrays", name, "dtype").equals("int32")) {
      return tensor(c, name);
    }
    int[] v = c.i32(name);
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = v[i];
    }
    return Tensor.of(f, v.length);
  }

  /** A target as the loss reads it: [batch, units], or [batch, 1] class indices. */
  private static Matrix targetMatrix(ReferenceCase c, String name) {
    Tensor t = target(c, name);
    int rows = c.shape(name)[0];
    return Matrix.wrap(t.data(), rows, t.size() / rows);
  }

  /** The values of a matrix, checked against the shape of the array they are compared with. */
  private static float[] values(ReferenceCase c, String name, Matrix m) {
    int[] shape = c.shape(name);
    assertEquals(shape[0], m.rows(), c.path() + ": rows of " + name);
    assertEquals(c.size(name), m.size(), c.path() + ": size of " + name);
    return Arrays.copyOf(m.data(), m.size());
  }

  private static float[] floats(List<Double> values) {
    float[] f = new float[values.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = values.get(i).floatValue();
    }
    return f;
  }

  /** The manifest tolerance applied to every comparison of a case, with the largest deviations kept for a summary. */
  private static final class Checks {
    private final ReferenceCase c;
    private final Tolerance tolerance;
    private int count;
    private double maxAbs;
    private double maxRatio;
    private String worst = "";

    Checks(ReferenceCase c) {
      this.c = c;
      this.tolerance = c.tolerance();
    }

    void close(String what, float[] expected, float[] got) {
      double ratio = tolerance.assertClose(c.path() + " " + what, expected, got);
      double abs = 0;
      for (int i = 0; i < expected.length; i++) {
        abs = Math.max(abs, Math.abs((double) got[i] - expected[i]));
      }
      record(what, abs, ratio);
    }

    void close(String what, double expected, double got) {
      double ratio = tolerance.assertClose(c.path() + " " + what, expected, got);
      record(what, Math.abs(got - expected), ratio);
    }

    /** Against the array named {@code array}. */
    void close(String array, float[] got) {
      close(array, c.f32(array), got);
    }

    private void record(String what, double abs, double ratio) {
      count++;
      maxAbs = Math.max(maxAbs, abs);
      if (ratio >= maxRatio) {
        maxRatio = ratio;
        worst = what;
      }
    }

    void summary() {
      System.out.printf("[reference] %s: %d comparisons, max|diff| %.3e, worst %.2f%% of tolerance (abs %.1e + rel %.1e·|expected|) at %s%n",
          c.path(), count, maxAbs, 100 * maxRatio, tolerance.abs(), tolerance.rel(), worst);
    }
  }
}
