// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.activations.Relu;
import dev.lamina.math.Seeds;
import dev.lamina.tensor.Matrix;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link Graph}: forward node by node, and backward in the reverse order, summing the
 * gradients of a value read by several nodes (the first contribution is taken as it is, later ones
 * are added, always in the same order) and of a layer applied several times. It owns one
 * {@link Frame} per node and every buffer of a run, so an executor serves one thread at a time,
 * while any number of executors may run the same graph at once in inference (the layers hold
 * weights only). Training runs, predictors and {@code predict} calls each make their own.
 *
 * <p>Nothing is allocated per batch once the buffers have grown to the batch size.
 */
public final class Executor {
  private final Graph graph;
  private final Node[] steps;
  private final Frame[] frames;
  private final int[][] stepInputs;
  private final int[] stepOutput;
  /** For each step, the index of its layer among the graph's layers, and how many steps share it. */
  private final int[] stepLayer;
  private final int[] layerSteps;
  private final int inputCount;
  private final int[] outputSlots;
  private final Matrix[] values;
  private final @Nullable Matrix[] gradients;
  private final boolean[] borrowed;
  private final Matrix[] accumulated;
  private final boolean[] wantsGradient;
  private final boolean[] active;
  private final boolean[] layerSeen;
  private final boolean[] needs;
  private final boolean[] trainableLayer;
  /** What {@link #release} leaves in place of the caller's matrices: one, so that releasing allocates nothing. */
  private final Matrix none = new Matrix(0, 0);

  /** An executor that runs every node as it is: {@link #value} and {@link #gradient} are each node's own. */
  public Executor(Graph graph) {
    this(graph, false);
  }

  /**
   * An executor that, when {@code fuse}, lets a layer apply the ReLU that alone reads its output
   * ({@link #fuseRelus}): the same outputs, gradients and weights, with fewer passes over memory.
   * Then {@link #value} of such a node is the ReLU's output and {@link #gradient} the ReLU's output
   * gradient. Training and inference use it; use the plain one to inspect every node.
   */
  public Executor(Graph graph, boolean fuse) {
    this.graph = graph;
    List<Node> nodes = graph.nodes();
    this.inputCount = graph.inputs().size();
    this.steps = nodes.toArray(new Node[0]);
    this.frames = new Frame[steps.length];
    this.stepInputs = new int[steps.length][];
    this.stepOutput = new int[steps.length];
    this.stepLayer = new int[steps.length];
    Map<Layer, Integer> layerIndex = new IdentityHashMap<>();
    List<Layer> layers = graph.layers();
    for (int i = 0; i < layers.size(); i++) {
      layerIndex.put(layers.get(i), i);
    }
    this.layerSteps = new int[layers.size()];
    for (int s = 0; s < steps.length; s++) {
      Node n = steps[s];
      frames[s] = new Frame(n.layer(), s, n.inputs().size());
      stepInputs[s] = n.inputs().stream().mapToInt(graph::slot).toArray();
      stepOutput[s] = graph.slot(n.output());
      stepLayer[s] = layerIndex.get(n.layer());
      layerSteps[stepLayer[s]]++;
    }
    this.outputSlots = graph.outputs().stream().mapToInt(graph::slot).toArray();
    int v = graph.values();
    this.values = new Matrix[v];
    Arrays.fill(values, none);
    this.gradients = new Matrix[v];
    this.borrowed = new boolean[v];
    this.accumulated = new Matrix[v];
    for (int i = 0; i < v; i++) {
      accumulated[i] = new Matrix(0, 0);
    }
    this.wantsGradient = new boolean[v];
    this.active = new boolean[steps.length];
    this.layerSeen = new boolean[layers.size()];
    this.trainableLayer = new boolean[layers.size()];
    this.needs = new boolean[nodes.stream().mapToInt(n -> n.inputs().size()).max().orElse(0)];
    if (fuse) {
      fuseRelus();
    }
  }

  /**
   * Fuses each ReLU {@link ActivationLayer} into the node before it when that node's layer
   * {@link Layer#absorbsRelu() can apply it} and the ReLU alone reads its output (not a model
   * output either): the node then writes max(y, 0) and masks the gradient itself, and the ReLU
   * hands its input and its output gradient through, which saves a pass over the values each way.
   * The results are the same bits (the mask max(y, 0) > 0 is y > 0). The fusion is this executor's
   * (its frames'); the graph and the layers are unchanged. Frozen-layer caching reads the value of
   * the last frozen node before a trained one, never a fused node's own (a fused node has one
   * reader, its ReLU, which is frozen when the node is).
   */
  private void fuseRelus() {
    int[] readers = new int[values.length];
    int[] producer = new int[values.length];
    Arrays.fill(producer, -1);
    for (int s = 0; s < steps.length; s++) {
      producer[stepOutput[s]] = s;
      for (int in : stepInputs[s]) {
        readers[in]++;
      }
    }
    for (int slot : outputSlots) {
      readers[slot]++;
    }
    for (int s = 0; s < steps.length; s++) {
      if (steps[s].layer() instanceof ActivationLayer a && a.activation() instanceof Relu && stepInputs[s].length == 1) {
        int in = stepInputs[s][0];
        int p = producer[in];
        if (p >= 0 && readers[in] == 1 && steps[p].layer().absorbsRelu()) {
          frames[p].fuseRelu();
          frames[s].passThrough();
        }
      }
    }
  }

  public Graph graph() {
    return graph;
  }

  /** Sets the model input {@code i} for the next {@link #forward}: [batch, features], read in place. */
  public void setInput(int i, Matrix input) {
    values[i] = input;
  }

  /**
   * Sets the value of a node's output ({@link Graph#slot}) for a {@link #forward} that skips that
   * node: the frozen-layer cache feeds the outputs of frozen layers this way.
   */
  public void setValue(int slot, Matrix value) {
    values[slot] = value;
  }

  /** The current value of a slot. */
  public Matrix value(int slot) {
    return values[slot];
  }

  /** Runs every node forward in {@code mode} on the inputs set with {@link #setInput}. */
  public void forward(Mode mode) {
    forward(mode, null);
  }

  /**
   * Runs forward every node that {@code skip} does not mark (null: every node); the outputs of
   * skipped nodes must have been set with {@link #setValue}.
   *
   * @throws IllegalStateException if a layer returns a batch of another size than its input
   */
  public void forward(Mode mode, boolean @Nullable [] skip) {
    for (int s = 0; s < steps.length; s++) {
      if (skip != null && skip[s]) {
        continue;
      }
      Frame f = frames[s];
      int[] in = stepInputs[s];
      for (int i = 0; i < in.length; i++) {
        f.setInput(i, values[in[i]]);
      }
      Matrix out = f.layer().forward(f, mode);
      int rows = values[in[0]].rows();
      if (out.rows() != rows) {
        throw new IllegalStateException(f.layer().where() + ": forward returned " + out.rows() + " rows for a batch of "
            + rows);
      }
      values[stepOutput[s]] = out;
    }
  }

  /**
   * Forgets the matrices this executor was given ({@link #setInput}, {@link #setValue}) and read
   * (its frames' inputs), keeping its own buffers: before it waits in a pool, so that it does not
   * hold on to a caller's data.
   */
  public void release() {
    Arrays.fill(values, none);
    Arrays.fill(gradients, null);
    for (Frame f : frames) {
      for (int i = 0; i < f.inputCount(); i++) {
        f.setInput(i, none);
      }
    }
  }

  /** Output {@code i} of the latest forward pass, [batch, features]; reused by the next. */
  public Matrix output(int i) {
    return values[outputSlots[i]];
  }

  /** The frame of node {@code step} (in {@link Graph#nodes()} order). */
  public Frame frame(int step) {
    return frames[step];
  }

  /**
   * Reseeds the generator of every frame from (seed, node, epoch) only, so an epoch's random
   * numbers do not depend on the epochs before it (resumed training draws what an uninterrupted
   * run draws) nor on the thread count.
   */
  public void reseed(long seed, long epoch) {
    for (int s = 0; s < steps.length; s++) {
      frames[s].reseed(Seeds.derive(Seeds.derive(seed, s + 1), epoch));
    }
  }

  /**
   * Back-propagates the gradients of the outputs through the nodes that lead to a trainable
   * parameter: fills the parameters' gradients, summed over the batch and over the applications
   * of shared layers. A trainable parameter that no output's gradient reaches gets a zero
   * gradient.
   *
   * @param outputGradients the gradient of each output (null: that output has no loss)
   * @param fromPreActivation for each output, whether its gradient is with respect to the
   *     pre-activation of an {@link Activated} layer (a softmax fused with its cross-entropy)
   * @param inputGradients whether to compute the gradients of the model's inputs too
   */
  public void backward(@Nullable Matrix[] outputGradients, boolean[] fromPreActivation, boolean inputGradients) {
    markActive(inputGradients);
    Arrays.fill(gradients, null);
    Arrays.fill(layerSeen, false);
    for (int o = 0; o < outputSlots.length; o++) {
      Matrix g = outputGradients[o];
      if (g != null && !fromPreActivation[o]) {
        accumulate(outputSlots[o], g);
      }
    }
    for (int s = steps.length - 1; s >= 0; s--) {
      if (!active[s]) {
        continue;
      }
      Frame f = frames[s];
      Layer layer = f.layer();
      Matrix pre = preActivationGradient(s, outputGradients, fromPreActivation);
      Matrix g = pre != null ? pre : gradients[stepOutput[s]];
      int li = stepLayer[s];
      if (g == null) { // no loss depends on this node
        if (!layerSeen[li] && trainableLayer[li]) {
          zeroGradients(layer);
          layerSeen[li] = true;
        }
        continue;
      }
      int[] in = stepInputs[s];
      boolean[] n = needs;
      for (int i = 0; i < in.length; i++) {
        n[i] = wantsGradient[in[i]];
      }
      f.prepareBackward(n, layerSeen[li]);
      if (pre != null) {
        ((Activated) layer).backwardFromPreActivation(f, pre);
      } else {
        layer.backward(f, g);
      }
      f.addScratchGradients();
      layerSeen[li] = true;
      for (int i = 0; i < in.length; i++) {
        if (n[i]) {
          accumulate(in[i], f.inputGradientResult(i));
        }
      }
    }
  }

  private @Nullable Matrix preActivationGradient(int s, @Nullable Matrix[] outputGradients, boolean[] fromPreActivation) {
    for (int o = 0; o < outputSlots.length; o++) {
      if (fromPreActivation[o] && outputSlots[o] == stepOutput[s]) {
        return outputGradients[o];
      }
    }
    return null;
  }

  /** The gradient of model input {@code i} after a {@link #backward} that asked for it. */
  public Matrix inputGradient(int i) {
    Matrix g = gradients[i];
    if (g == null) {
      throw new IllegalStateException("Executor: no gradient reached input " + i);
    }
    return g;
  }

  /** The gradient of a value after {@link #backward}, or null if none reached it. */
  public @Nullable Matrix gradient(int slot) {
    return gradients[slot];
  }

  /**
   * Which nodes backward visits: those with a trainable parameter, and those downstream of one
   * (or of an input, when input gradients are asked for), whose input gradients someone needs.
   */
  private void markActive(boolean inputGradients) {
    List<Layer> layers = graph.layers();
    for (int l = 0; l < layers.size(); l++) {
      trainableLayer[l] = hasTrainable(layers.get(l));
    }
    for (int i = 0; i < inputCount; i++) {
      wantsGradient[i] = inputGradients;
    }
    for (int s = 0; s < steps.length; s++) {
      boolean a = trainableLayer[stepLayer[s]];
      for (int in : stepInputs[s]) {
        a |= wantsGradient[in];
      }
      active[s] = a;
      wantsGradient[stepOutput[s]] = a;
    }
  }

  private static boolean hasTrainable(Layer layer) {
    List<Parameter> ps = layer.parameters();
    for (int i = 0, n = ps.size(); i < n; i++) {
      if (ps.get(i).isTrainable()) {
        return true;
      }
    }
    return false;
  }

  private static void zeroGradients(Layer layer) {
    List<Parameter> ps = layer.parameters();
    for (int i = 0, n = ps.size(); i < n; i++) {
      if (ps.get(i).isTrainable()) {
        Arrays.fill(ps.get(i).gradient(), 0f);
      }
    }
  }

  /** Adds a gradient contribution to a value: the first is taken as it is, later ones are summed into a buffer. */
  private void accumulate(int slot, Matrix contribution) {
    Matrix current = gradients[slot];
    if (current == null) {
      gradients[slot] = contribution;
      borrowed[slot] = true;
      return;
    }
    float[] c = contribution.data();
    int n = current.size();
    if (borrowed[slot]) {
      Matrix own = accumulated[slot].reshape(current.rows(), current.cols());
      ElementwisePass.sum(current.data(), c, own.data(), n, false);
      gradients[slot] = own;
      borrowed[slot] = false;
    } else {
      ElementwisePass.sum(current.data(), c, current.data(), n, false);
    }
  }

  /** The number of nodes. */
  public int steps() {
    return steps.length;
  }

  /** Whether the layer of node {@code step} is applied by more than one node of this graph. */
  public boolean shared(int step) {
    return layerSteps[stepLayer[step]] > 1;
  }
}
