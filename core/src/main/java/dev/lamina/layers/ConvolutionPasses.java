// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.activations.Activation;
import dev.lamina.activations.Relu;
import dev.lamina.tensor.Matrix;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The passes of a layer that convolves its input with one kernel, adds a bias and applies an
 * activation ({@link Conv1D}, {@link Conv2D}, {@link DepthwiseConv2D}):
 *
 * <pre>
 * forward:   z = conv(x; kernel) + bias,   y = activation(z)
 * backward:  dz = J(z)ᵀ·dy,   then the kernel, bias and input gradients of the convolution for dz
 * </pre>
 *
 * Each frame keeps z and dz ({@link BiasActivation}) and the convolution's buffers. One per
 * layer, made at build.
 *
 * @param <W> the convolution's working set
 */
final class ConvolutionPasses<W> {
  private final ConvolutionMethod<W> convolution;
  /** Made once, so that asking a frame for its scratch allocates nothing. */
  private final Supplier<Scratch<W>> newScratch;

  ConvolutionPasses(ConvolutionMethod<W> convolution) {
    this.convolution = convolution;
    this.newScratch = () -> new Scratch<>(convolution.work());
  }

  /** What a frame keeps for backward: the pre-activation z (and dz), and the convolution's buffers. */
  private static final class Scratch<W> {
    final BiasActivation pre = new BiasActivation();
    final W work;
    /** Whether z is that of the latest forward pass: an inference pass through a fused ReLU writes only y. */
    boolean zCurrent = true;

    Scratch(W work) {
      this.work = work;
    }
  }

  ConvGeometry geometry() {
    return convolution.geometry();
  }

  /** y = activation(conv(x; kernel) + bias), x the frame's input. */
  Matrix forward(Frame f, Mode mode, Parameter kernel, @Nullable Parameter bias, Activation activation) {
    Matrix x = f.input();
    Scratch<W> s = f.state(newScratch);
    Matrix z = s.pre.z(x.rows(), convolution.geometry().outFeatures);
    float[] b = bias != null ? bias.value() : null;
    boolean gradientFollows = mode == Mode.TRAIN && kernel.isTrainable();
    if (activation instanceof Relu) {
      // Outside training, z is not written: nothing reads it (ReLU's gradient reads y), and its
      // writes cost 3-6% of a batch-1 cnn inference
      Matrix y = f.output(z.rows(), z.cols());
      s.zCurrent = mode == Mode.TRAIN;
      if (convolution.forwardRelu(s.work, x.data(), x.rows(), kernel.value(), b, s.zCurrent ? z.data() : null,
          y.data(), gradientFollows)) {
        return y;
      }
    }
    s.zCurrent = true;
    convolution.forward(s.work, x.data(), x.rows(), kernel.value(), b, z.data(), gradientFollows);
    return s.pre.forward(activation, null, f);
  }

  /** The gradient with respect to z of the latest forward pass, for the output gradient dy. */
  Matrix preActivationGradient(Frame f, Matrix dy, Activation activation) {
    return f.state(newScratch).pre.backward(activation, f, dy, null);
  }

  /** z of the latest forward pass; refused after an inference pass through a fused ReLU, which keeps none. */
  Matrix preActivation(Frame f, Layer layer) {
    Scratch<W> s = f.state(newScratch);
    if (!s.zCurrent) {
      throw new IllegalStateException(layer.where() + ": an inference pass through the ReLU keeps no pre-activation; "
          + "run the forward pass in Mode.TRAIN to read it");
    }
    return s.pre.z();
  }

  /** The kernel and bias gradients (when trainable) and the input gradient (when asked) for dz = g. */
  void backward(Frame f, Matrix g, Parameter kernel, @Nullable Parameter bias) {
    convolution.backward(f.state(newScratch).work, f.input().data(), g.data(), g.rows(), kernel.value(),
        f.gradientIfTrainable(kernel), f.gradientIfTrainable(bias), f.inputGradientIfNeeded());
  }
}
