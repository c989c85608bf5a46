// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

/**
 * How {@link OnnxImporter} reads a model. {@link #defaults()} keeps every layer of the file as a
 * trainable layer; each method named after a component returns a changed copy.
 *
 * <pre>{@code
 * Model inference = OnnxImporter.read(Path.of("resnet.onnx"), OnnxImportOptions.defaults().foldBatchNorm(true)).model();
 * }</pre>
 *
 * @param foldBatchNorm whether a BatchNormalization that alone reads a convolution's output is
 *     folded into that convolution (kernel·γ/√(σ²+ε), bias (b − μ)·γ/√(σ²+ε) + β), one layer instead
 *     of two, for inference only: the folded layer no longer normalises with batch statistics when
 *     trained, nor keeps moving statistics. Default false: Conv and BN stay separate layers, so BN
 *     can be trained or frozen as Keras' rules say (GRAPHS-AND-CONV.md §3.5)
 */
public record OnnxImportOptions(boolean foldBatchNorm) {

  /** Every layer kept: BatchNormalization not folded. */
  public static OnnxImportOptions defaults() {
    return new OnnxImportOptions(false);
  }

  public OnnxImportOptions foldBatchNorm(boolean foldBatchNorm) {
    return new OnnxImportOptions(foldBatchNorm);
  }
}
