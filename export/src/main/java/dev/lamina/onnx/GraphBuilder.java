// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import com.google.protobuf.ByteString;
import dev.lamina.onnx.proto.Onnx.AttributeProto;
import dev.lamina.onnx.proto.Onnx.GraphProto;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import dev.lamina.onnx.proto.Onnx.TensorProto;
import dev.lamina.onnx.proto.Onnx.TensorShapeProto;
import dev.lamina.onnx.proto.Onnx.TypeProto;
import dev.lamina.onnx.proto.Onnx.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds an ONNX graph that is valid by construction: unique non-empty names, single assignment,
 * nodes appended in order (so topologically sorted), every attribute with its type, weights as
 * little-endian {@code raw_data} initializers that are not graph inputs.
 */
final class GraphBuilder {
  /** The name of the dynamic batch dimension. */
  static final String BATCH = "batch";

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Set<String> names = new HashSet<>();
  /** Names kept for values declared later (the graph outputs), so that no other value takes them. */
  private final Set<String> reserved = new HashSet<>();
  private final Set<String> nodeNames = new HashSet<>();

  GraphBuilder(String name) {
    graph.setName(name);
  }

  /** Declares the graph input [batch, sample…]. */
  void input(String name, int[] sampleShape) {
    claim(name);
    graph.addInput(valueInfo(name, sampleShape));
  }

  /** Keeps {@code name} for a value that a later node writes (a graph output). */
  void reserve(String name) {
    if (name.isEmpty() || names.contains(name) || !reserved.add(name)) {
      throw new IllegalStateException("GraphBuilder: value name '" + name + "' is empty or used twice");
    }
  }

  /** {@code base}, or {@code base_1}, {@code base_2}, … : the first name no value, initializer or reservation has. */
  String unique(String base) {
    String name = base;
    for (int k = 1; names.contains(name) || reserved.contains(name); k++) {
      name = base + "_" + k;
    }
    return name;
  }

  /** As {@link #unique} for node names. */
  String uniqueNode(String base) {
    String name = base;
    for (int k = 1; nodeNames.contains(name); k++) {
      name = base + "_" + k;
    }
    return name;
  }

  /** Declares the graph output [batch, sample…]; it must be produced by a node. */
  void output(String name, int[] sampleShape) {
    if (!names.contains(name)) {
      throw new IllegalStateException("GraphBuilder: output '" + name + "' is not produced by any node");
    }
    graph.addOutput(valueInfo(name, sampleShape));
  }

  /** Adds a FLOAT initializer and returns its name. */
  String initializer(String name, float[] values, int... dims) {
    long size = 1;
    for (int d : dims) {
      size *= d;
    }
    if (size != values.length) {
      throw new IllegalArgumentException("GraphBuilder: initializer " + name + " has " + values.length + " values for dims "
          + java.util.Arrays.toString(dims));
    }
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return tensor(name, TensorProto.DataType.FLOAT, bytes.array(), dims);
  }

  /** Adds a scalar BOOL initializer and returns its name. */
  String booleanScalar(String name, boolean value) {
    return tensor(name, TensorProto.DataType.BOOL, new byte[] {(byte) (value ? 1 : 0)});
  }

  /** Adds an INT64 initializer and returns its name. */
  String longs(String name, long[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asLongBuffer().put(values);
    return tensor(name, TensorProto.DataType.INT64, bytes.array(), values.length);
  }

  private String tensor(String name, TensorProto.DataType type, byte[] raw, int... dims) {
    claim(name);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
        .setRawData(ByteString.copyFrom(raw));
    for (int d : dims) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return name;
  }

  /** Appends a node named {@code name} with one output {@code output}; returns the output. */
  String node(String op, String name, List<String> inputs, String output, List<AttributeProto> attributes) {
    claimNode(name);
    claim(output);
    for (String in : inputs) {
      if (!in.isEmpty() && !names.contains(in)) { // "" is an absent optional input (Resize's roi)
        throw new IllegalStateException("GraphBuilder: node " + name + " (" + op + ") reads undefined '" + in + "'");
      }
    }
    graph.addNode(NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output)
        .addAllAttribute(attributes));
    return output;
  }

  private void claimNode(String name) {
    if (name.isEmpty() || !nodeNames.add(name)) {
      throw new IllegalStateException("GraphBuilder: node name '" + name + "' is empty or used twice");
    }
  }

  private void claim(String name) {
    reserved.remove(name);
    if (name.isEmpty() || !names.add(name)) {
      throw new IllegalStateException("GraphBuilder: value name '" + name + "' is empty or used twice");
    }
  }

  GraphProto build() {
    return graph.build();
  }

  static AttributeProto attribute(OnnxAttribute a) {
    AttributeProto.Builder b = AttributeProto.newBuilder().setName(a.name());
    switch (a.kind()) {
      case FLOAT -> b.setType(AttributeProto.AttributeType.FLOAT).setF(a.floats()[0]);
      case INT -> b.setType(AttributeProto.AttributeType.INT).setI(a.ints()[0]);
      case FLOATS -> {
        b.setType(AttributeProto.AttributeType.FLOATS);
        for (float f : a.floats()) {
          b.addFloats(f);
        }
      }
      case INTS -> {
        b.setType(AttributeProto.AttributeType.INTS);
        for (long i : a.ints()) {
          b.addInts(i);
        }
      }
      case STRING -> b.setType(AttributeProto.AttributeType.STRING)
          .setS(ByteString.copyFrom(a.string(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return b.build();
  }

  private static ValueInfoProto valueInfo(String name, int[] sampleShape) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
        .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
    for (int d : sampleShape) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(shape))).build();
  }
}
