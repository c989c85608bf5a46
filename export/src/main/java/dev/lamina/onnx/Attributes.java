// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.onnx.proto.Onnx.AttributeProto;
import dev.lamina.onnx.proto.Onnx.NodeProto;

/** Reading node attributes with the schema default when absent. */
final class Attributes {
  private Attributes() {}

  static float floatOr(NodeProto n, String name, float fallback) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.hasI() && !a.hasF() ? a.getI() : a.getF();
      }
    }
    return fallback;
  }

  static long intOr(NodeProto n, String name, long fallback) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getI();
      }
    }
    return fallback;
  }

  static String stringOr(NodeProto n, String name, String fallback) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getS().toStringUtf8();
      }
    }
    return fallback;
  }

  static boolean has(NodeProto n, String name) {
    return n.getAttributeList().stream().anyMatch(a -> a.getName().equals(name));
  }

  /** An INTS attribute, or {@code fallback} (copied) when absent. */
  static long[] intsOr(NodeProto n, String name, long[] fallback) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
      }
    }
    return fallback.clone();
  }
}
