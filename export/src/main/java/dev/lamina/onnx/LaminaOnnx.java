// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

/**
 * Where Lamina's own layers meet ONNX: the families, one file each, that hold both directions for
 * a group of layers and ops — the export mapping of each layer class ({@link OnnxLayerExport},
 * collected by {@link LayerExports}) and the converter of each ONNX op version (collected by
 * {@link OpConverters}). Adding a layer with its export and import touches its family file (or a
 * new one, listed here) and the tests.
 *
 * <ul>
 *   <li>{@link DenseOnnx}: Dense; Gemm, MatMul (+ Add)
 *   <li>{@link ActivationOnnx}: Activation, PReLU, RReLU and every activation; Relu, Sigmoid, Tanh,
 *       Elu, Selu, LeakyRelu, PRelu, Softmax, LogSoftmax, Clip, HardSigmoid, HardSwish, Softplus,
 *       Gelu, and the formulas written for SiLU, hard swish and GELU (patterns starting at Sigmoid,
 *       HardSigmoid, Mul, Div or Pow)
 *   <li>{@link NormalizationOnnx}: BatchNormalization; BatchNormalization
 *   <li>{@link ConvolutionOnnx}: Conv2D, Conv1D, DepthwiseConv2D, SeparableConv2D; Conv
 *   <li>{@link PoolingOnnx}: MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D,
 *       GlobalMaxPooling2D; MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool, ReduceMean and
 *       ReduceMax over height and width
 *   <li>{@link ShapeOnnx}: Flatten, Reshape, Permute, ZeroPadding2D, UpSampling2D; Flatten,
 *       Reshape, Transpose, Pad, Resize, Upsample
 *   <li>{@link DropoutOnnx}: Dropout, AlphaDropout, SpatialDropout2D; Dropout, and the Identity
 *       nodes Lamina writes for layers that do nothing in inference
 *   <li>{@link ArithmeticOnnx}: Normalization, Rescaling; Add, Sub, Mul, Div with a constant operand
 *   <li>{@link MergeOnnx}: Add, Subtract, Multiply, Average, Maximum, Concatenate; Add, Sub, Mul,
 *       Sum, Max, Mean of computed values, Concat
 * </ul>
 */
final class LaminaOnnx {
  private LaminaOnnx() {}

  static void registerExports(LayerExports exports) {
    DenseOnnx.registerExports(exports);
    ActivationOnnx.registerExports(exports);
    NormalizationOnnx.registerExports(exports);
    ConvolutionOnnx.registerExports(exports);
    PoolingOnnx.registerExports(exports);
    ShapeOnnx.registerExports(exports);
    DropoutOnnx.registerExports(exports);
    ArithmeticOnnx.registerExports(exports);
    MergeOnnx.registerExports(exports);
  }

  /** In this order the error messages list the supported ops. */
  static void registerConverters(OpConverters converters) {
    DenseOnnx.registerConverters(converters);
    NormalizationOnnx.registerConverters(converters);
    ActivationOnnx.registerConverters(converters);
    ConvolutionOnnx.registerConverters(converters);
    PoolingOnnx.registerConverters(converters);
    ShapeOnnx.registerConverters(converters);
    DropoutOnnx.registerConverters(converters);
    ArithmeticOnnx.registerConverters(converters);
    MergeOnnx.registerConverters(converters);
  }
}
