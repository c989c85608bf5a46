// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Activations;
import dev.lamina.activations.Selu;
import dev.lamina.tensor.Matrix;
import dev.lamina.tensor.Tensor;
import dev.lamina.testing.ReferenceCase;
import dev.lamina.testing.ReferenceCase.Tolerance;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.TestFactory;

/**
 * Forward and backward passes of single layers against the PyTorch reference values
 * ({@code layers/*} cases of kind {@code layer_forward_backward}; see {@link ReferenceCase}). Every
 * shape, hyperparameter, tolerance and file name comes from the manifests. Samples of any rank
 * ([batch, features], or [batch, channels, height, width] images and [batch, channels, length]
 * sequences) are rows of their values in C order, as Lamina stores them.
 */
class ReferenceLayersTest {
  static final String KIND = "layer_forward_backward";

  /** Layer kinds of the reference set that Lamina does not have yet; their cases are skipped. */
  private static final Set<String> NOT_IMPLEMENTED = Set.of();

  @TestFactory
  Stream<DynamicTest> everyLayerCase() {
    List<ReferenceCase> cases = ReferenceCase.ofKind(KIND);
    assertFalse(cases.isEmpty(), "index.json lists no " + KIND + " case");
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.path(), () -> check(c)));
  }

  private static void check(ReferenceCase c) {
    String kind = c.string("layer");
    assumeTrue(!NOT_IMPLEMENTED.contains(kind),
        () -> c.path() + ": Lamina has no layer for '" + kind + "' yet");
    int[] xShape = c.shape("x");
    assertTrue(xShape.length >= 2, c.path() + ": x must be [batch, ...sample shape]");
    int rows = xShape[0];
    int[] sample = Arrays.copyOfRange(xShape, 1, xShape.length); // [features], or [C, H, W] for images
    int cols = Layer.features(sample);
    float[] x = c.f32("x");
    float[] dy = c.f32("dy");
    int[] yShape = c.shape("y");
    int[] ySampleShape = Arrays.copyOfRange(yShape, 1, yShape.length);
    Tolerance tol = c.tolerance();
    float[] dxExpected = c.f32("dx");
    Map<String, String> arrays = Map.of(); // Lamina parameter name -> manifest array, where they differ

    LayerRun run;
    Mode mode = Mode.TRAIN;
    if (CONVOLUTIONS.contains(kind)) {
      run = convolution(c, kind, Arrays.copyOfRange(xShape, 1, xShape.length), null);
      arrays = Map.of("kernel", "weight");
      checkKerasPadding(c, kind, run);
    } else if (kind.equals("batch_normalization") || kind.equals("batch_normalization_2d")) {
      mode = switch (c.string("mode")) {
        case "train" -> Mode.TRAIN;
        case "eval" -> Mode.INFER;
        default -> throw new AssertionError(c.path() + ": unknown mode " + c.string("mode"));
      };
      run = batchNormalization(c, sample, false);
    } else if (POOLING.contains(kind)) {
      run = LayerRun.of(pooling(c, kind), 0, sample);
      if (c.has("hyperparameters", "output_spatial_size")) {
        int[] out = run.layer().outputShape();
        assertArrayEquals(c.ints("hyperparameters", "output_spatial_size"), Arrays.copyOfRange(out, 1, out.length),
            c.path() + ": output_spatial_size");
      }
    } else if (kind.startsWith("dense")) {
      requireFeatures(c, sample);
      run = dense(c, cols);
    } else if (kind.equals("prelu")) {
      requireFeatures(c, sample);
      run = LayerRun.of(new PReLU.Spec(), 0, new int[] {cols});
      ((PReLU) run.layer()).alpha().set(Tensor.of(c.f32("alpha"), c.shape("alpha")));
      // Lamina follows Keras at exact zeros: PReLU (relu(x) - alpha*relu(-x)) has input gradient 0
      // at x == 0, where torch (the stored dx) gives alpha_j * dy. Compare those elements with 0.
      for (int[] rc : c.positions("zero_positions_in_x")) {
        int i = rc[0] * cols + rc[1];
        assertEquals(0f, x[i], c.path() + ": zero_positions_in_x " + Arrays.toString(rc));
        dxExpected[i] = 0f;
      }
    } else {
      // element-wise (softmax: over the last axis), on samples of any shape
      run = LayerRun.of(new ActivationLayer.Spec(activation(c), null), 0, sample);
      if (kind.equals("selu")) {
        // Lamina follows Keras/TF at exact zeros: SELU's derivative at x == 0 is scale, where torch
        // (the stored dx) takes the negative branch, scale * alpha. Compare those elements with
        // scale * dy.
        double scale = c.number("scale");
        for (int[] rc : c.positions("zero_positions_in_x")) {
          int i = rc[0] * cols + rc[1];
          assertEquals(0f, x[i], c.path() + ": zero_positions_in_x " + Arrays.toString(rc));
          dxExpected[i] = (float) (scale * dy[i]);
        }
      }
    }

    Layer layer = run.layer();
    assertArrayEquals(Arrays.copyOfRange(yShape, 1, yShape.length), layer.outputShape(), c.path() + ": output shape");
    int yCols = Layer.features(layer.outputShape());
    Matrix y = run.forward(mode, Matrix.wrap(x.clone(), rows, cols));
    assertArrayEquals(ySampleShape, layer.outputShape(), c.path() + ": output shape per sample");
    assertEquals(yShape[0], y.rows(), c.path() + ": output rows");
    assertEquals(yCols, y.cols(), c.path() + ": output cols");
    tol.assertClose(c.path() + " y", c.f32("y"), Arrays.copyOf(y.data(), y.size()));
    Matrix dx = run.backward(Matrix.wrap(dy.clone(), yShape[0], yCols));
    assertEquals(rows, dx.rows(), c.path() + ": dx rows");
    assertEquals(cols, dx.cols(), c.path() + ": dx cols");
    tol.assertClose(c.path() + " dx", dxExpected, Arrays.copyOf(dx.data(), dx.size()));

    // parameter gradients (arrays d<weight>): sums over the batch
    for (Parameter p : layer.parameters()) {
      if (!p.isTrainable()) {
        continue; // state (moving statistics) has no gradient; checked by checkMovingStatistics
      }
      String weight = arrays.getOrDefault(p.localName(), p.localName());
      String gradient = "d" + weight;
      if (!c.hasArray(gradient)) {
        fail(c.path() + ": Lamina parameter " + p.name() + " has no expected gradient '" + gradient + "'");
      }
      tol.assertClose(c.path() + " " + gradient, c.f32(gradient), p.gradient().clone());
    }
    if (layer instanceof BatchNormalization bn) {
      checkMovingStatistics(c, bn, x, rows, sample, mode);
    }
    if (layer instanceof ActivationLayer a && c.has("derivative_at_kinks", "torch_stored")) {
      checkKinks(c, a.activation());
    }
  }

  /**
   * The derivative at each kink the manifest lists ({@code derivative_at_kinks.torch_stored}: x →
   * dy/dx) is torch's, the convention of the stored dx.
   */
  @SuppressWarnings("unchecked")
  private static void checkKinks(ReferenceCase c, Activation activation) {
    Map<String, Object> torch = (Map<String, Object>) c.get("derivative_at_kinks", "torch_stored");
    for (Map.Entry<String, Object> kink : torch.entrySet()) {
      Matrix z = Matrix.wrap(new float[] {Float.parseFloat(kink.getKey())}, 1, 1);
      Matrix y = new Matrix(1, 1);
      activation.forward(z, y);
      Matrix dz = new Matrix(1, 1);
      activation.backward(z, y, Matrix.wrap(new float[] {1f}, 1, 1), dz);
      c.tolerance().assertClose(c.path() + " dy/dx at x = " + kink.getKey(), ((Number) kink.getValue()).doubleValue(),
          dz.data()[0]);
    }
  }

  /** Dense, PReLU and BatchNormalization cases have [batch, features] inputs. */
  private static void requireFeatures(ReferenceCase c, int[] sampleShape) {
    assertEquals(1, sampleShape.length, c.path() + ": x must be [batch, features], but has the per-sample shape "
        + Arrays.toString(sampleShape));
  }

  /** The pooling layer kinds of the reference set (manifest {@code layer}). */
  private static final Set<String> POOLING = Set.of("max_pooling2d", "average_pooling2d", "global_average_pooling2d",
      "global_max_pooling2d");

  /**
   * A pooling layer with the case's hyperparameters: pool size, strides, padding per side,
   * ceil_mode and count_include_pad; keepdims for global pooling.
   */
  private static LayerSpec pooling(ReferenceCase c, String kind) {
    switch (kind) {
      case "global_average_pooling2d":
        return new GlobalAveragePooling2D.Spec().keepdims(c.bool("hyperparameters", "keepdims"));
      case "global_max_pooling2d":
        return new GlobalMaxPooling2D.Spec().keepdims(c.bool("hyperparameters", "keepdims"));
      default:
        break;
    }
    int[] pool = c.ints("hyperparameters", "pool_size");
    int[] strides = c.ints("hyperparameters", "strides");
    Padding padding = Padding.of(c.integer("hyperparameters", "padding", "top"),
        c.integer("hyperparameters", "padding", "bottom"), c.integer("hyperparameters", "padding", "left"),
        c.integer("hyperparameters", "padding", "right"));
    boolean ceilMode = c.bool("hyperparameters", "ceil_mode");
    if (kind.equals("max_pooling2d")) {
      return new MaxPooling2D.Spec(pool[0], pool[1]).strides(strides[0], strides[1]).padding(padding).ceilMode(ceilMode);
    }
    return new AveragePooling2D.Spec(pool[0], pool[1]).strides(strides[0], strides[1]).padding(padding)
        .ceilMode(ceilMode).countIncludePad(c.bool("hyperparameters", "count_include_pad"));
  }

  /** The values per sample of an array of shape [batch, ...sample]. */
  private static int sampleSize(int[] shape) {
    return Layer.features(Arrays.copyOfRange(shape, 1, shape.length));
  }

  /** The convolution layers of the reference set (manifest {@code layer}). */
  private static final Set<String> CONVOLUTIONS = Set.of("conv2d", "depthwise_conv2d", "conv1d");

  /**
   * The convolution of a case, built for samples of {@code sampleShape}, with the case's kernel
   * ({@code weight}, in Lamina's layout [out, in / groups, ...kernel]) and bias, and its padding
   * per side, or {@code mode} (Keras' valid or same) when not null.
   */
  private static LayerRun convolution(ReferenceCase c, String kind, int[] sampleShape, @Nullable Padding mode) {
    String h = "hyperparameters";
    int filters = c.integer(h, "filters");
    int groups = c.integer(h, "groups");
    boolean useBias = c.bool(h, "use_bias");
    int[] kernel = c.ints(h, "kernel_size");
    int[] strides = c.ints(h, "strides");
    int[] dilation = c.ints(h, "dilation");
    assertEquals(c.integer(h, "in_channels"), sampleShape[0], c.path() + ": in_channels");
    Padding padding = mode != null ? mode : kind.equals("conv1d")
        ? Padding.of1d(c.integer(h, "padding", "left"), c.integer(h, "padding", "right"))
        : Padding.of(c.integer(h, "padding", "top"), c.integer(h, "padding", "bottom"), c.integer(h, "padding", "left"),
            c.integer(h, "padding", "right"));
    LayerSpec spec;
    if (kind.equals("conv1d")) {
      spec = Conv1D.builder(filters, kernel[0]).strides(strides[0]).dilationRate(dilation[0]).groups(groups)
          .useBias(useBias).padding(padding);
    } else if (kind.equals("conv2d")) {
      spec = Conv2D.builder(filters, kernel[0]).kernelSize(kernel[0], kernel[1]).strides(strides[0], strides[1])
          .dilationRate(dilation[0], dilation[1]).groups(groups).useBias(useBias).padding(padding);
    } else {
      int multiplier = c.integer("depth_multiplier");
      assertEquals(sampleShape[0], groups, c.path() + ": a depthwise convolution has one group per channel");
      assertEquals(sampleShape[0] * multiplier, filters, c.path() + ": filters = channels · depth_multiplier");
      spec = DepthwiseConv2D.builder(kernel[0]).kernelSize(kernel[0], kernel[1]).depthMultiplier(multiplier)
          .strides(strides[0], strides[1]).dilationRate(dilation[0], dilation[1]).useBias(useBias).padding(padding);
    }
    LayerRun run = LayerRun.of(spec, 0, sampleShape);
    Layer layer = run.layer();
    List<Parameter> ps = layer.parameters();
    assertEquals("kernel", ps.get(0).localName(), c.path());
    assertArrayEquals(c.shape("weight"), ps.get(0).shape(), c.path() + ": kernel shape");
    ps.get(0).set(Tensor.of(c.f32("weight"), c.shape("weight")));
    assertEquals(useBias ? 2 : 1, ps.size(), c.path() + ": parameters " + ps);
    if (useBias) {
      ps.get(1).set(Tensor.of(c.f32("bias"), c.shape("bias")));
    }
    int[] out = layer.outputShape();
    assertArrayEquals(c.ints(h, "output_spatial_size"), Arrays.copyOfRange(out, 1, out.length),
        c.path() + ": output_spatial_size");
    return run;
  }

  /**
   * When the case says Keras' {@code 'same'} or {@code 'valid'} is the same padding
   * ({@code keras_padding_equivalent}), that padding gives the case's zeros per side and its y.
   */
  private static void checkKerasPadding(ReferenceCase c, String kind, LayerRun explicit) {
    String keras = c.has("hyperparameters", "keras_padding_equivalent")
        ? c.string("hyperparameters", "keras_padding_equivalent") : "";
    Padding mode = switch (keras) {
      case "same" -> Padding.SAME;
      case "valid" -> Padding.VALID;
      default -> null;
    };
    if (mode == null) {
      return;
    }
    int[] xShape = c.shape("x");
    LayerRun run = convolution(c, kind, Arrays.copyOfRange(xShape, 1, xShape.length), mode);
    Layer layer = run.layer();
    int[] pads = layer instanceof Conv1D d ? d.pads() : layer instanceof Conv2D d ? d.pads() : ((DepthwiseConv2D) layer).pads();
    int[] expected = kind.equals("conv1d")
        ? new int[] {c.integer("hyperparameters", "padding", "left"), c.integer("hyperparameters", "padding", "right")}
        : new int[] {c.integer("hyperparameters", "padding", "top"), c.integer("hyperparameters", "padding", "bottom"),
            c.integer("hyperparameters", "padding", "left"), c.integer("hyperparameters", "padding", "right")};
    assertArrayEquals(expected, pads, c.path() + ": Keras '" + keras + "' pads");
    Matrix y = run.forward(Mode.TRAIN, Matrix.wrap(c.f32("x"), xShape[0], sampleSize(xShape)));
    c.tolerance().assertClose(c.path() + " y with Keras '" + keras + "'", c.f32("y"), Arrays.copyOf(y.data(), y.size()));
  }

  /**
   * A BatchNormalization with the case's hyperparameters (Keras momentum, epsilon, center, scale)
   * and its gamma, beta and moving statistics before the call.
   */
  private static LayerRun batchNormalization(ReferenceCase c, int[] sample, boolean unbiasedMovingVariance) {
    int axis = c.integer("hyperparameters", "axis");
    assertTrue(axis == 1 || axis == -1 && sample.length == 1,
        c.path() + ": Lamina normalises the first sample axis (axis 1: the features, or the channels of images), but the"
            + " case has axis " + axis);
    BatchNormalization.Spec spec = new BatchNormalization.Spec()
        .momentum(c.number("hyperparameters", "keras_momentum"))
        .epsilon(c.number("hyperparameters", "epsilon"))
        .center(c.bool("hyperparameters", "center"))
        .scale(c.bool("hyperparameters", "scale"))
        .unbiasedMovingVariance(unbiasedMovingVariance);
    LayerRun run = LayerRun.of(spec, 0, sample);
    BatchNormalization bn = (BatchNormalization) run.layer();
    Parameter gamma = bn.gamma();
    if (gamma != null) {
      gamma.set(Tensor.of(c.f32("gamma"), c.shape("gamma")));
    }
    Parameter beta = bn.beta();
    if (beta != null) {
      beta.set(Tensor.of(c.f32("beta"), c.shape("beta")));
    }
    bn.movingMean().set(Tensor.of(c.f32("running_mean_before"), c.shape("running_mean_before")));
    bn.movingVariance().set(Tensor.of(c.f32("running_var_before"), c.shape("running_var_before")));
    return run;
  }

  /**
   * Training updates the moving statistics as Keras does (running_mean_after,
   * running_var_after_keras); the torch option reproduces running_var_after_torch. Inference
   * leaves them unchanged.
   */
  private static void checkMovingStatistics(ReferenceCase c, BatchNormalization bn, float[] x, int rows, int[] sample,
      Mode mode) {
    Tolerance tol = c.tolerance();
    if (mode == Mode.INFER) {
      assertArrayEquals(c.f32("running_mean_before"), bn.movingMean().value(), 0f, c.path() + ": moving mean changed");
      assertArrayEquals(c.f32("running_var_before"), bn.movingVariance().value(), 0f, c.path() + ": moving variance changed");
      return;
    }
    tol.assertClose(c.path() + " moving_mean", c.f32("running_mean_after"), bn.movingMean().value().clone());
    tol.assertClose(c.path() + " moving_variance (Keras)", c.f32("running_var_after_keras"), bn.movingVariance().value().clone());
    LayerRun torchRun = batchNormalization(c, sample, true);
    torchRun.forward(Mode.TRAIN, Matrix.wrap(x.clone(), rows, Layer.features(sample)));
    BatchNormalization torch = (BatchNormalization) torchRun.layer();
    tol.assertClose(c.path() + " moving_variance (unbiasedMovingVariance)", c.f32("running_var_after_torch"),
        torch.movingVariance().value().clone());
    double difference = 0;
    float[] keras = c.f32("running_var_after_keras");
    float[] unbiased = c.f32("running_var_after_torch");
    for (int j = 0; j < keras.length; j++) {
      difference = Math.max(difference, Math.abs(keras[j] - unbiased[j]) / tol.allowed(keras[j]));
    }
    assertTrue(difference > 1, c.path() + ": the two variance conventions must differ by more than the tolerance");
  }

  /** A Dense layer with the case's kernel [in, out] and, when the case has one, bias [out]. */
  private static LayerRun dense(ReferenceCase c, int inputs) {
    int[] kernelShape = c.shape("kernel");
    assertEquals(inputs, kernelShape[0], c.path() + ": kernel rows = input features");
    boolean useBias = c.hasArray("bias");
    LayerRun run = LayerRun.of(Dense.builder(kernelShape[1]).useBias(useBias), 0, new int[] {inputs});
    Dense d = (Dense) run.layer();
    d.kernel().set(Tensor.of(c.f32("kernel"), kernelShape));
    Parameter bias = d.bias();
    if (useBias) {
      if (bias == null) {
        throw new AssertionError(c.path() + ": Dense(useBias=true) has no bias");
      }
      bias.set(Tensor.of(c.f32("bias"), c.shape("bias")));
    } else {
      assertNull(bias, c.path() + ": a Dense without bias has no bias parameter");
    }
    return run;
  }

  /** The Lamina activation for an activation-layer case, with its hyperparameters from the manifest. */
  private static Activation activation(ReferenceCase c) {
    String kind = c.string("layer");
    switch (kind) {
      case "relu":
        return Activations.RELU;
      case "leaky_relu":
        return Activations.leakyRelu(c.number("alpha"));
      case "elu":
        return Activations.elu(c.number("alpha"));
      case "sigmoid":
        return Activations.SIGMOID;
      case "tanh":
        return Activations.TANH;
      case "softmax":
        if (c.has("axis")) {
          assertEquals(-1, c.integer("axis"), c.path() + ": Lamina's softmax is over the last axis");
        }
        return Activations.SOFTMAX;
      case "selu":
        // SELU's constants are fixed: the manifest's must be Lamina's
        assertEquals(Selu.ALPHA, c.number("alpha"), 1e-15, c.path() + ": alpha");
        assertEquals(Selu.SCALE, c.number("scale"), 1e-15, c.path() + ": scale");
        return Activations.SELU;
      // the CNN activations: their parameters when the manifest gives them, else the preset its
      // formula names; at the kinks Lamina follows torch (the stored dx), so nothing is adjusted
      case "relu6":
        return c.has("max_value") ? Activations.relu(c.number("max_value")) : Activations.RELU6;
      case "hard_sigmoid":
        return c.has("alpha") ? Activations.hardSigmoid(c.number("alpha"), c.number("beta")) : Activations.HARD_SIGMOID;
      case "hard_swish":
        return Activations.HARD_SWISH;
      case "silu":
        return Activations.SILU;
      case "gelu":
        return switch (c.string("approximate")) {
          case "none" -> Activations.GELU;
          case "tanh" -> Activations.GELU_TANH;
          default -> throw new AssertionError(c.path() + ": unknown GELU approximation '" + c.string("approximate") + "'");
        };
      case "softplus":
        if (c.has("beta")) {
          assertEquals(1.0, c.number("beta"), 0, c.path() + ": Lamina's softplus has beta 1");
        }
        return Activations.SOFTPLUS;
      default:
        throw new AssertionError(c.path() + ": unknown layer kind '" + kind
            + "'; map it to a Lamina layer in ReferenceLayersTest (or list it as not implemented)");
    }
  }
}
