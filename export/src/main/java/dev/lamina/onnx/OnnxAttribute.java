// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import java.util.Arrays;
import java.util.Objects;

/**
 * An attribute of an ONNX node, written by {@link OnnxNodeWriter#node}: a name and a float, an
 * integer, a list of either, or a string. Made by the static factories, which say the type; the
 * exporter always writes the attribute's type, so a zero value is never lost.
 *
 * <pre>{@code
 * writer.output("LeakyRelu", List.of(writer.input()), OnnxAttribute.ofFloat("alpha", 0.2));
 * writer.output("Concat", writer.inputs(), OnnxAttribute.ofInt("axis", -1));
 * }</pre>
 */
public final class OnnxAttribute {
  /** The kinds of value an attribute holds. */
  enum Kind { FLOAT, INT, FLOATS, INTS, STRING }

  private final String name;
  private final Kind kind;
  private final float[] floats;
  private final long[] ints;
  private final String string;

  private OnnxAttribute(String name, Kind kind, float[] floats, long[] ints, String string) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("OnnxAttribute: name must not be empty");
    }
    this.name = name;
    this.kind = kind;
    this.floats = floats;
    this.ints = ints;
    this.string = string;
  }

  /** A FLOAT attribute (the value is stored as float32, as ONNX does). */
  public static OnnxAttribute ofFloat(String name, double value) {
    return new OnnxAttribute(name, Kind.FLOAT, new float[] {(float) value}, new long[0], "");
  }

  /** An INT attribute (int64 in ONNX). */
  public static OnnxAttribute ofInt(String name, long value) {
    return new OnnxAttribute(name, Kind.INT, new float[0], new long[] {value}, "");
  }

  /** A FLOATS attribute. */
  public static OnnxAttribute ofFloats(String name, float... values) {
    return new OnnxAttribute(name, Kind.FLOATS, values.clone(), new long[0], "");
  }

  /** An INTS attribute. */
  public static OnnxAttribute ofInts(String name, long... values) {
    return new OnnxAttribute(name, Kind.INTS, new float[0], values.clone(), "");
  }

  /** A STRING attribute (UTF-8). */
  public static OnnxAttribute ofString(String name, String value) {
    return new OnnxAttribute(name, Kind.STRING, new float[0], new long[0], Objects.requireNonNull(value, "value"));
  }

  public String name() {
    return name;
  }

  Kind kind() {
    return kind;
  }

  float[] floats() {
    return floats.clone();
  }

  long[] ints() {
    return ints.clone();
  }

  String string() {
    return string;
  }

  @Override
  public String toString() {
    return name + "=" + switch (kind) {
      case FLOAT -> Float.toString(floats[0]);
      case INT -> Long.toString(ints[0]);
      case FLOATS -> Arrays.toString(floats);
      case INTS -> Arrays.toString(ints);
      case STRING -> "'" + string + "'";
    };
  }
}
