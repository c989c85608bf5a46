// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.onnx.proto.Onnx.NodeProto;

/**
 * Why an ONNX model cannot be imported: the one exception {@link OnnxImporter} throws. Messages
 * name the node, its op type and the opset, and say what Lamina supports instead.
 */
public final class OnnxImportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OnnxImportException(String message) {
    super(message);
  }

  public OnnxImportException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * {@code ONNX import: node 'n' (Op, opset 13): problem}; a node without a name (names are optional)
   * is named by its first output: {@code node writing 'y' (Op, opset 13)}.
   */
  static OnnxImportException at(NodeProto node, int opset, String problem) {
    String which = !node.getName().isEmpty() || node.getOutputCount() == 0 ? "node '" + node.getName() + "'"
        : "node writing '" + node.getOutput(0) + "'";
    return new OnnxImportException("ONNX import: " + which + " (" + node.getOpType() + ", opset " + opset + "): "
        + problem);
  }

  /** {@code ONNX import: problem}. */
  static OnnxImportException of(String problem) {
    return new OnnxImportException("ONNX import: " + problem);
  }
}
