// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.dsl.Layers;
import dev.lamina.dsl.Network;
import dev.lamina.initializers.Initializers;
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.Add;
import dev.lamina.layers.AlphaDropout;
import dev.lamina.layers.Average;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.AveragePooling2D;
import dev.lamina.layers.Concatenate;
import dev.lamina.layers.Conv1D;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.DepthwiseConv2D;
import dev.lamina.layers.GlobalAveragePooling2D;
import dev.lamina.layers.GlobalMaxPooling2D;
import dev.lamina.layers.MaxPooling2D;
import dev.lamina.layers.Permute;
import dev.lamina.layers.Reshape;
import dev.lamina.layers.SeparableConv2D;
import dev.lamina.layers.SpatialDropout2D;
import dev.lamina.layers.UpSampling2D;
import dev.lamina.layers.ZeroPadding2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Input;
import dev.lamina.layers.Layer;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.Maximum;
import dev.lamina.layers.Multiply;
import dev.lamina.layers.Normalization;
import dev.lamina.layers.PReLU;
import dev.lamina.layers.Parameter;
import dev.lamina.layers.RReLU;
import dev.lamina.layers.Rescaling;
import dev.lamina.layers.Subtract;
import dev.lamina.model.Sequential;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/** Small models for export tests: one per layer kind, one per activation, and the sample networks. */
final class TestModels {
  private TestModels() {}

  /** For every layer class, a spec of it with non-default settings. */
  static Map<Class<? extends Layer>, Supplier<LayerSpec>> layerSpecs() {
    Map<Class<? extends Layer>, Supplier<LayerSpec>> m = new LinkedHashMap<>();
    m.put(Dense.class, () -> Layers.dense(4, Activations.TANH).name("probe"));
    m.put(Flatten.class, () -> new Flatten.Spec("probe"));
    m.put(ActivationLayer.class, () -> new ActivationLayer.Spec(Activations.ELU, "probe"));
    m.put(PReLU.class, () -> new PReLU.Spec().name("probe"));
    m.put(RReLU.class, () -> new RReLU.Spec(0.1, 0.4, "probe"));
    m.put(BatchNormalization.class, () -> new BatchNormalization.Spec().epsilon(1e-5).momentum(0.9).name("probe"));
    m.put(Dropout.class, () -> new Dropout.Spec(0.3, "probe"));
    m.put(AlphaDropout.class, () -> new AlphaDropout.Spec(0.2, "probe"));
    m.put(Normalization.class, () -> new Normalization.Spec(new float[] {0.5f, -1f, 0f, 2f, 1f, 3f},
        new float[] {4f, 0.25f, 1f, 2f, 9f, 0.5f}).name("probe"));
    m.put(Rescaling.class, () -> new Rescaling.Spec(new float[] {2f, -0.5f, 1f, 3f, 0.25f, 1.5f},
        new float[] {0.1f}, "probe", true));
    return m;
  }

  /**
   * For every layer class of images ([channels, height, width]) or sequences ([channels, length]), a
   * spec of it; {@link CnnOnnxTest} exports each in many settings, at every opset, and imports it back.
   */
  static Map<Class<? extends Layer>, Supplier<LayerSpec>> imageLayerSpecs() {
    Map<Class<? extends Layer>, Supplier<LayerSpec>> m = new LinkedHashMap<>();
    m.put(Conv2D.class, () -> Layers.conv2d(4, 3).name("probe"));
    m.put(Conv1D.class, () -> Layers.conv1d(4, 3).name("probe"));
    m.put(DepthwiseConv2D.class, () -> Layers.depthwiseConv2d(3).name("probe"));
    m.put(SeparableConv2D.class, () -> Layers.separableConv2d(4, 3).name("probe"));
    m.put(MaxPooling2D.class, () -> Layers.maxPooling2d(2).name("probe"));
    m.put(AveragePooling2D.class, () -> Layers.averagePooling2d(2).name("probe"));
    m.put(GlobalAveragePooling2D.class, () -> Layers.globalAveragePooling2d().name("probe"));
    m.put(GlobalMaxPooling2D.class, () -> Layers.globalMaxPooling2d().name("probe"));
    m.put(ZeroPadding2D.class, () -> Layers.zeroPadding2d(1).name("probe"));
    m.put(UpSampling2D.class, () -> Layers.upSampling2d(2).name("probe"));
    m.put(Reshape.class, () -> Layers.reshape(-1).name("probe"));
    m.put(Permute.class, () -> Layers.permute(2, 3, 1).name("probe"));
    m.put(SpatialDropout2D.class, () -> Layers.spatialDropout2d(0.2).name("probe"));
    return m;
  }

  /** Input [2, 3] → Flatten → Dense(6, relu) → the layer → Dense(3), with random weights and statistics. */
  static Sequential around(LayerSpec probe) {
    Sequential m = Sequential.of(7, Input.of(2, 3), new Flatten.Spec(null), Layers.dense(6, Activations.SELU), probe,
        Layers.dense(3));
    return randomized(m, 11);
  }

  /** The layer directly on the input [2, 3] (exercises per-sample shapes of rank 2), where it accepts that. */
  static Sequential first(LayerSpec probe) {
    return randomized(Sequential.of(3, Input.of(2, 3), probe), 13);
  }

  /** Dense(5, a) and Activation(a) between two linear layers. */
  static Sequential activation(Activation a) {
    Sequential m = Sequential.of(5, Input.of(4), Layers.dense(5, a), Layers.dense(5), Layers.activation(a));
    return randomized(m, 17);
  }

  /** The sample networks of the samples module and chapter 11 variants. */
  static Map<String, Sequential> samples() {
    Map<String, Sequential> m = new LinkedHashMap<>();
    m.put("quickstart", Network.sequential(1, Layers.input(28, 28), Layers.flatten(),
        Layers.dense(300).activation(Activations.ELU).kernelInitializer(Initializers.heNormal()),
        Layers.dense(100).activation(Activations.ELU).kernelInitializer(Initializers.heNormal()),
        Layers.dense(10).activation(Activations.SOFTMAX)));
    m.put("batch_norm", randomized(Network.sequential(2, Layers.input(28, 28), Layers.flatten(), Layers.batchNormalization(),
        Layers.dense(300, Activations.ELU).kernelInitializer(Initializers.heNormal()), Layers.batchNormalization(),
        Layers.dense(100, Activations.ELU).kernelInitializer(Initializers.heNormal()), Layers.batchNormalization(),
        Layers.dense(10, Activations.SOFTMAX)), 3));
    m.put("bench_plain", Network.sequential(3, Layers.input(28, 28), Layers.flatten(), Layers.dense(300, Activations.RELU),
        Layers.dense(100, Activations.RELU), Layers.dense(10)));
    m.put("selu_alpha_dropout", Network.sequential(4, Layers.input(28, 28), Layers.rescaling(1 / 255.0), Layers.flatten(),
        Layers.dense(100, Activations.SELU).kernelInitializer(Initializers.lecunNormal()), Layers.alphaDropout(0.1),
        Layers.dense(100, Activations.SELU).kernelInitializer(Initializers.lecunNormal()), Layers.alphaDropout(0.1),
        Layers.dense(10, Activations.SOFTMAX)));
    m.put("mixed", randomized(Network.sequential(5, Layers.input(20), Layers.normalization(new float[] {0.1f}, new float[] {2f}),
        Layers.dense(32, Activations.leakyRelu(0.2)), Layers.dropout(0.3), Layers.dense(32), Layers.prelu(),
        Layers.dense(16).useBias(false), Layers.batchNormalization(), Layers.activation(Activations.SELU), Layers.rrelu(),
        Layers.dense(8, Activations.SIGMOID), Layers.dense(4, Activations.TANH), Layers.dense(3, Activations.elu(0.7)),
        Layers.activation(Activations.SOFTMAX)), 6));
    return m;
  }

  /** Sets every parameter to random values (variances positive), so that nothing is trivially zero or one. */
  static <M extends dev.lamina.model.Model> M randomized(M m, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    for (Layer l : m.layers()) {
      for (Parameter p : l.parameters()) {
        float[] v = p.value();
        boolean positive = p.name().endsWith("variance");
        boolean weight = p.name().endsWith("/kernel");
        for (int i = 0; i < v.length; i++) {
          double u = r.nextDouble(-1, 1);
          v[i] = (float) (positive ? 0.2 + Math.abs(u) : weight ? v[i] + 0.1 * u : u);
        }
      }
    }
    return m;
  }

  /** For every merge layer class, a spec of it (the merges take two or more inputs, tested in GraphExportTest). */
  static Map<Class<? extends Layer>, Supplier<LayerSpec>> mergeSpecs() {
    Map<Class<? extends Layer>, Supplier<LayerSpec>> m = new LinkedHashMap<>();
    m.put(Add.class, () -> Layers.add());
    m.put(Subtract.class, () -> Layers.subtract());
    m.put(Multiply.class, () -> Layers.multiply());
    m.put(Average.class, () -> Layers.average());
    m.put(Maximum.class, () -> Layers.maximum());
    m.put(Concatenate.class, () -> Layers.concatenate());
    return m;
  }

  /**
   * Every activation of {@link Activations#all()}, so that a new one is tested without a change
   * here, then the parameterised ones again with other parameters.
   */
  static List<Activation> activations() {
    List<Activation> all = new java.util.ArrayList<>(Activations.all());
    all.addAll(List.of(Activations.leakyRelu(0.15), Activations.elu(0.7), Activations.relu(2.5), Activations.relu(0.1),
        Activations.hardSigmoid(0.2, 0.5), Activations.hardSigmoid(0.3, -0.25)));
    return all;
  }
}
