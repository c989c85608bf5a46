// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import com.google.protobuf.ByteString;
import dev.lamina.onnx.proto.Onnx.AttributeProto;
import dev.lamina.onnx.proto.Onnx.GraphProto;
import dev.lamina.onnx.proto.Onnx.ModelProto;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import dev.lamina.onnx.proto.Onnx.OperatorSetIdProto;
import dev.lamina.onnx.proto.Onnx.TensorProto;
import dev.lamina.onnx.proto.Onnx.TensorShapeProto;
import dev.lamina.onnx.proto.Onnx.TypeProto;
import dev.lamina.onnx.proto.Onnx.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** Builds test ONNX models with the project's own proto classes, as other exporters write them. */
final class ModelMaker {
  final ModelProto.Builder model = ModelProto.newBuilder();
  final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");

  ModelMaker(int opset) {
    this(opset, OnnxVersions.irVersionFor(Math.max(opset, 13)), "");
  }

  ModelMaker(int opset, int ir, String domain) {
    model.setIrVersion(ir).setProducerName("test").addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(domain)
        .setVersion(opset));
  }

  /** dims: Long/Integer for dim_value, String for dim_param. */
  ModelMaker input(String name, Object... dims) {
    graph.addInput(value(name, TensorProto.DataType.FLOAT_VALUE, dims));
    return this;
  }

  ModelMaker typedInput(String name, int elemType, Object... dims) {
    graph.addInput(value(name, elemType, dims));
    return this;
  }

  ModelMaker output(String name, Object... dims) {
    graph.addOutput(value(name, TensorProto.DataType.FLOAT_VALUE, dims));
    return this;
  }

  ModelMaker init(String name, float[] v, long... dims) {
    graph.addInitializer(floats(name, v, dims));
    return this;
  }

  ModelMaker initLongs(String name, long[] v, long... dims) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(v);
    graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
        .addAllDims(box(dims)).setRawData(ByteString.copyFrom(b.array())));
    return this;
  }

  ModelMaker initTensor(TensorProto t) {
    graph.addInitializer(t);
    return this;
  }

  ModelMaker node(String op, String name, List<String> in, List<String> out, AttributeProto... attributes) {
    graph.addNode(NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(in).addAllOutput(out)
        .addAllAttribute(List.of(attributes)));
    return this;
  }

  ModelMaker node(String op, String name, String in, String out, AttributeProto... attributes) {
    return node(op, name, List.of(in), List.of(out), attributes);
  }

  /** A Constant node holding a float tensor. */
  ModelMaker constant(String name, float[] v, long... dims) {
    return node("Constant", name, List.of(), List.of(name), AttributeProto.newBuilder().setName("value")
        .setType(AttributeProto.AttributeType.TENSOR).setT(floats(name, v, dims)).build());
  }

  byte[] bytes() {
    return build().toByteArray();
  }

  ModelProto build() {
    return model.setGraph(graph).build();
  }

  static TensorProto floats(String name, float[] v, long... dims) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE).addAllDims(box(dims))
        .setRawData(ByteString.copyFrom(b.array())).build();
  }

  static AttributeProto f(String name, float v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
  }

  static AttributeProto i(String name, long v) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
  }

  static float[] random(int n, long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    float[] v = new float[n];
    for (int k = 0; k < n; k++) {
      v[k] = (float) r.nextDouble(-1, 1);
    }
    return v;
  }

  private static ValueInfoProto value(String name, int elemType, Object... dims) {
    TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      s.addDim(d instanceof String p ? TensorShapeProto.Dimension.newBuilder().setDimParam(p)
          : TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(s))).build();
  }

  private static List<Long> box(long[] dims) {
    return java.util.Arrays.stream(dims).boxed().toList();
  }
}
