// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Executor;
import dev.lamina.layers.Graph;
import dev.lamina.layers.Layer;
import dev.lamina.layers.Mode;
import dev.lamina.layers.Node;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.Stochastic;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.tensor.Matrix;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Automatic caching of frozen layers (transfer learning). A node is frozen when its layer has no
 * trainable parameter, is not random in training ({@link Stochastic}) and is not a trainable batch
 * normalisation (a frozen one runs in inference mode), and when it reads only model inputs and
 * frozen nodes. Such nodes give the same outputs for the same inputs in every epoch, so their
 * outputs where the rest of the graph reads them (the frontier) are computed once, in batches, for
 * the training inputs and for the validation inputs (in inference mode); each epoch then gathers
 * its batches from them and runs only the other nodes. Refilled when the frozen part changes (an
 * unfreezing callback) or any of its weights do (compared with a copy kept at each fill, once per
 * epoch). Not used when it holds no weights (nothing to save) or would take more than a quarter of
 * the heap. The weights and the validation results are the same as without the cache.
 */
final class FrozenCache {
  /**
   * Rows per forward pass of the fill: enough for the matrix kernels, few enough that each layer's
   * outputs stay in the CPU caches (on task B, 128 filled faster than 32, 256 or 1024).
   */
  private static final int BATCH = 128;
  private final Graph graph;
  private final boolean enabled;
  private final List<Tensor> x;
  private final @Nullable List<Tensor> validationX;
  private boolean[] frozen;
  /** Scratch of {@link #prepare}, reused so that an epoch whose cache stays as it is allocates nothing. */
  private final boolean[] now;
  private final boolean[] constant;
  private float[][] cachedWeights = new float[0][];
  private int[] slots;
  private Tensor[] training;
  private Tensor @Nullable [] validation;

  FrozenCache(Graph graph, boolean enabled, List<Tensor> x, @Nullable List<Tensor> validationX) {
    this.graph = graph;
    this.enabled = enabled;
    this.x = x;
    this.validationX = validationX;
    this.frozen = new boolean[graph.nodes().size()];
    this.now = new boolean[frozen.length];
    this.constant = new boolean[graph.values()];
    this.slots = inputSlots();
    this.training = x.toArray(new Tensor[0]);
    this.validation = validationX == null ? null : validationX.toArray(new Tensor[0]);
  }

  /** Brings the cache up to date with the current frozen part of the graph; called at each epoch start. */
  void prepare() {
    if (enabled) {
      frozenNodes();
    } else {
      Arrays.fill(now, false);
    }
    if (Arrays.equals(now, frozen) && (!any(now) || weightsUnchanged())) {
      return;
    }
    frozen = now.clone();
    slots = inputSlots(); // drops the old cache before the new one is filled
    training = x.toArray(new Tensor[0]);
    validation = validationX == null ? null : validationX.toArray(new Tensor[0]);
    cachedWeights = new float[0][];
    if (!any(now)) {
      return;
    }
    int[] frontier = frontier(now);
    if (bytes(frontier) > Runtime.getRuntime().maxMemory() / 4) {
      frozen = new boolean[frozen.length]; // would take more than a quarter of the heap: run every node
      return;
    }
    cachedWeights = snapshot();
    slots = frontier;
    training = fill(x, frontier, Mode.TRAIN);
    validation = validationX == null ? null : fill(validationX, frontier, Mode.INFER);
  }

  /** The nodes not to run (their outputs come from the cache), or null when nothing is cached. */
  boolean @Nullable [] skip() {
    return any(frozen) ? frozen : null;
  }

  /** The values each batch is gathered into: model inputs, or the frontier of the frozen part. */
  int[] slots() {
    return slots;
  }

  /** The training tensors, one per slot of {@link #slots()}. */
  Tensor[] training() {
    return training;
  }

  /** The validation tensors, one per slot, or null without validation data. */
  Tensor @Nullable [] validation() {
    return validation;
  }

  private int[] inputSlots() {
    int[] s = new int[graph.inputs().size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = i;
    }
    return s;
  }

  /** Marks in {@link #now} the nodes that may be cached now (none if they hold no weights). */
  private void frozenNodes() {
    List<Node> nodes = graph.nodes();
    Arrays.fill(constant, false);
    Arrays.fill(constant, 0, graph.inputs().size(), true);
    boolean weights = false;
    for (int s = 0; s < nodes.size(); s++) { // indexed: no iterator per epoch
      Node n = nodes.get(s);
      boolean ok = cacheable(n.layer()) && !graph.outputs().contains(n.output());
      List<SymbolicTensor> inputs = n.inputs();
      for (int i = 0; i < inputs.size(); i++) {
        ok &= constant[graph.slot(inputs.get(i))];
      }
      now[s] = ok;
      constant[graph.slot(n.output())] = ok;
      weights |= ok && !n.layer().parameters().isEmpty();
    }
    if (!weights) {
      Arrays.fill(now, false);
    }
  }

  private static boolean cacheable(Layer layer) {
    if (layer instanceof Stochastic || layer instanceof BatchNormalization bn && bn.isTrainable()) {
      return false;
    }
    List<Parameter> ps = layer.parameters();
    for (int i = 0; i < ps.size(); i++) {
      if (ps.get(i).isTrainable()) {
        return false;
      }
    }
    return true;
  }

  /** The values the nodes that run read from the frozen part or the inputs, in slot order. */
  private int[] frontier(boolean[] f) {
    boolean[] needed = new boolean[graph.values()];
    List<Node> nodes = graph.nodes();
    for (int s = 0; s < nodes.size(); s++) {
      if (!f[s]) {
        for (var in : nodes.get(s).inputs()) {
          needed[graph.slot(in)] = true;
        }
      }
    }
    List<Integer> slots = new ArrayList<>();
    for (int v = 0; v < needed.length; v++) {
      boolean produced = v < graph.inputs().size() || f[v - graph.inputs().size()];
      if (needed[v] && produced) {
        slots.add(v);
      }
    }
    return slots.stream().mapToInt(Integer::intValue).toArray();
  }

  private long bytes(int[] frontier) {
    long samples = x.get(0).samples() + (validationX == null ? 0 : validationX.get(0).samples());
    long floats = 0;
    for (int v : frontier) {
      if (v >= graph.inputs().size()) {
        floats += (long) graph.nodes().get(v - graph.inputs().size()).output().size() * samples;
      }
    }
    return 4 * floats;
  }

  /** The frontier values for {@code source}, computed in batches by running the frozen nodes only. */
  private Tensor[] fill(List<Tensor> source, int[] frontier, Mode mode) {
    int samples = source.get(0).samples();
    int inputs = graph.inputs().size();
    Tensor[] out = new Tensor[frontier.length];
    float[][] data = new float[frontier.length][];
    for (int k = 0; k < frontier.length; k++) {
      if (frontier[k] < inputs) {
        out[k] = source.get(frontier[k]);
      } else {
        int width = graph.nodes().get(frontier[k] - inputs).output().size();
        data[k] = new float[Math.multiplyExact(samples, width)];
        out[k] = Tensor.of(data[k], samples, width);
      }
    }
    boolean[] others = new boolean[frozen.length];
    for (int s = 0; s < others.length; s++) {
      others[s] = !frozen[s];
    }
    Executor run = new Executor(graph, true);
    Prediction.Batches batches = new Prediction.Batches(source, BATCH);
    for (int from = 0; from < samples; from += BATCH) {
      int rows = batches.load(run, from);
      run.forward(mode, others);
      for (int k = 0; k < frontier.length; k++) {
        if (data[k] != null) {
          Matrix h = run.value(frontier[k]);
          System.arraycopy(h.data(), 0, data[k], from * h.cols(), rows * h.cols());
        }
      }
    }
    return out;
  }

  private float[][] snapshot() {
    List<float[]> copies = new ArrayList<>();
    for (int s = 0; s < frozen.length; s++) {
      if (frozen[s]) {
        for (Parameter p : graph.nodes().get(s).layer().parameters()) {
          copies.add(p.value().clone());
        }
      }
    }
    return copies.toArray(float[][]::new);
  }

  private boolean weightsUnchanged() {
    int k = 0;
    for (int s = 0; s < frozen.length; s++) {
      if (frozen[s]) {
        for (Parameter p : graph.nodes().get(s).layer().parameters()) {
          if (k >= cachedWeights.length || !Arrays.equals(cachedWeights[k++], p.value())) {
            return false;
          }
        }
      }
    }
    return k == cachedWeights.length;
  }

  private static boolean any(boolean[] a) {
    for (boolean b : a) {
      if (b) {
        return true;
      }
    }
    return false;
  }
}
