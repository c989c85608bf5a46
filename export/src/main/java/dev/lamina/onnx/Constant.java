// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import java.util.Arrays;

/**
 * A tensor whose value the file holds (initializer, {@code Constant} node, or an {@code Identity}
 * of one): floats (FLOAT, or DOUBLE cast to float) or integers (INT64, INT32, BOOL). Each
 * {@code Constant} owns its arrays; readers copy before handing values to a layer.
 */
record Constant(String name, long[] dims, float[] floats, long[] longs, boolean isFloat) {
  /**
   * The batch size in an integer constant folded from a shape ({@link ConstantFolding}): {@code
   * Shape} of a computed [N, C, H, W] value gives {@code [BATCH, C, H, W]}; a value no file writes.
   */
  static final long BATCH = Long.MIN_VALUE + 1;

  static Constant ofFloats(String name, long[] dims, float[] values) {
    return new Constant(name, dims, values, new long[0], true);
  }

  static Constant ofLongs(String name, long[] dims, long[] values) {
    return new Constant(name, dims, new float[0], values, false);
  }

  int rank() {
    return dims.length;
  }

  int size() {
    return isFloat ? floats.length : longs.length;
  }

  /** A copy under another name (Identity): never shares arrays. */
  Constant copyAs(String newName) {
    return new Constant(newName, dims.clone(), floats.clone(), longs.clone(), isFloat);
  }

  /** The values as floats (integers converted). */
  float[] asFloats() {
    if (isFloat) {
      return floats.clone();
    }
    float[] f = new float[longs.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = longs[i];
    }
    return f;
  }

  /**
   * The values broadcast (numpy rules, right-aligned) to one sample of {@code sample} shape,
   * flattened: what an element-wise op with this constant does to each sample of a
   * [batch, sample…] tensor. A leading axis for the batch must be 1.
   *
   * @return null when the dims do not broadcast that way
   */
  float[] broadcastTo(int[] sample) {
    if (dims.length > sample.length + 1) {
      return null;
    }
    if (dims.length == sample.length + 1 && dims[0] != 1) {
      return null;
    }
    int offset = sample.length - Math.min(dims.length, sample.length);
    long[] own = dims.length > sample.length ? Arrays.copyOfRange(dims, 1, dims.length) : dims;
    for (int i = 0; i < own.length; i++) {
      if (own[i] != 1 && own[i] != sample[offset + i]) {
        return null;
      }
    }
    int features = Arrays.stream(sample).reduce(1, Math::multiplyExact);
    float[] values = asFloats();
    float[] out = new float[features];
    int[] index = new int[sample.length];
    for (int k = 0; k < features; k++) {
      int src = 0;
      for (int i = 0; i < own.length; i++) {
        int d = (int) own[i];
        src = src * d + (d == 1 ? 0 : index[offset + i]);
      }
      out[k] = values[src];
      for (int a = sample.length - 1; a >= 0 && ++index[a] == sample[a]; a--) {
        index[a] = 0;
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "'" + name + "' " + Arrays.toString(dims);
  }
}
