// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static dev.lamina.onnx.Attributes.intOr;
import static dev.lamina.onnx.Attributes.intsOr;

import dev.lamina.onnx.proto.Onnx.AttributeProto;
import dev.lamina.onnx.proto.Onnx.NodeProto;
import dev.lamina.onnx.proto.Onnx.TensorProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates at import time the nodes whose inputs are known (GRAPHS-AND-CONV.md §3.3), so that the
 * layers see constants: the shape arithmetic exporters leave in graphs ({@code Shape → Gather →
 * Unsqueeze → Concat → Reshape}, torch's {@code x.view(x.size(0), -1)}) and chains over weights.
 * {@code Shape} of a computed value gives its dims with the batch size as the symbol
 * {@link Constant#BATCH}; the other ops fold when all their inputs are constants: Identity, Cast,
 * Shape, Gather, Slice, Concat, Squeeze, Unsqueeze, Reshape, Transpose, Add, Sub, Mul, Div,
 * ConstantOfShape, Range, on int64 and float values. The batch symbol passes through the ops that
 * move values; arithmetic on it is refused (Lamina keeps the batch free), and so is a result whose
 * size would depend on it. A Reshape to [N, −1] or [N, k] then becomes a Flatten ({@link ShapeOnnx}).
 *
 * <p>Only op versions whose semantics were reviewed here are folded ({@link #REVIEWED}); a node of
 * another version is left to the converters, which refuse it naming the op.
 */
final class ConstantFolding {
  /** The since-versions (onnx docs/Changelog.md) whose semantics the folding follows; later ones only add types. */
  static final Map<String, Set<Integer>> REVIEWED = Map.ofEntries(
      Map.entry("Identity", Set.of(1, 13, 14, 16, 19, 21, 23, 24, 25)),
      Map.entry("Cast", Set.of(6, 9, 13, 19, 21, 23, 24, 25)), // 6: `to` is an int; 19+: saturate (float8 only)
      Map.entry("Shape", Set.of(1, 13, 15, 19, 21, 23, 24, 25)), // 15: start, end
      Map.entry("Gather", Set.of(1, 11, 13)), // 11: negative indices
      Map.entry("Slice", Set.of(1, 10, 11, 13)), // 1: attributes; 10: inputs and steps; 11: negative axes
      Map.entry("Concat", Set.of(4, 11, 13)),
      Map.entry("Squeeze", Set.of(1, 11, 13, 21, 23, 24, 25)), // 13: axes input
      Map.entry("Unsqueeze", Set.of(1, 11, 13, 21, 23, 24, 25)), // 13: axes input
      Map.entry("Reshape", Set.of(5, 13, 14, 19, 21, 23, 24, 25)), // 14: allowzero
      Map.entry("Transpose", Set.of(1, 13, 21, 23, 24, 25)),
      Map.entry("Add", Set.of(7, 13, 14)), Map.entry("Sub", Set.of(7, 13, 14)),
      Map.entry("Mul", Set.of(7, 13, 14)), Map.entry("Div", Set.of(7, 13, 14)),
      Map.entry("ConstantOfShape", Set.of(9, 20, 21, 23, 24, 25)),
      Map.entry("Range", Set.of(11)));

  /** A folded tensor larger than this is not made (a ConstantOfShape of a corrupt shape). */
  private static final long MAX_ELEMENTS = 1L << 24;

  private ConstantFolding() {}

  /**
   * Folds {@code n} when its inputs are known: defines its outputs as constants in the graph and
   * returns true; false when it computes at run time.
   *
   * @throws OnnxImportException when the node computes with the batch size, or its inputs are wrong
   */
  static boolean fold(NodeProto n, ImportContext c) {
    if (!OnnxGraph.isStandardDomain(n.getDomain()) || n.getOutputCount() < 1) {
      return false;
    }
    String op = n.getOpType();
    int version = OnnxOpVersions.sinceVersion(op, c.opset);
    Set<Integer> reviewed = REVIEWED.get(op);
    if (reviewed == null || !reviewed.contains(version)) {
      return false;
    }
    if (op.equals("Shape") && c.value(n.getInput(0)) != null) {
      c.graph.fold(n, shapeOf(n, c, c.value(n.getInput(0)), version));
      c.folded.add(op);
      return true;
    }
    List<@Nullable Constant> in = new ArrayList<>();
    for (String i : n.getInputList()) {
      Constant k = i.isEmpty() ? null : c.graph.constant(i);
      if (!i.isEmpty() && k == null) {
        return false;
      }
      in.add(k);
    }
    if (in.isEmpty() && !op.equals("ConstantOfShape")) {
      return false;
    }
    String out = n.getOutput(0);
    Constant result = switch (op) {
      case "Identity" -> in.get(0).copyAs(out);
      case "Cast" -> cast(n, c, in.get(0), out);
      case "Shape" -> shape(n, in.get(0).dims(), version, out);
      case "Gather" -> gather(n, c, in.get(0), in.get(1), out);
      case "Slice" -> slice(n, c, in, version, out);
      case "Concat" -> concat(n, c, in, out);
      case "Squeeze" -> squeeze(n, c, in, version, out);
      case "Unsqueeze" -> unsqueeze(n, c, in, version, out);
      case "Reshape" -> reshape(n, c, in.get(0), in.get(1), out);
      case "Transpose" -> transpose(n, c, in.get(0), out);
      case "Add", "Sub", "Mul", "Div" -> arithmetic(n, c, in.get(0), in.get(1), out);
      case "ConstantOfShape" -> constantOfShape(n, c, in.isEmpty() ? null : in.get(0), out);
      case "Range" -> range(n, c, in, out);
      default -> throw new IllegalStateException("ConstantFolding: no rule for " + op);
    };
    c.graph.fold(n, result);
    c.folded.add(op);
    return true;
  }

  // ---- the ops ------------------------------------------------------------------------------

  private static Constant shapeOf(NodeProto n, ImportContext c, ImportContext.Value v, int version) {
    int[] s = v.shape();
    long[] dims = new long[s.length + (v.unbatched() ? 0 : 1)];
    int offset = 0;
    if (!v.unbatched()) {
      dims[0] = Constant.BATCH;
      offset = 1;
    }
    for (int i = 0; i < s.length; i++) {
      if (s[i] < 0) {
        throw c.error(n, "the shape " + Arrays.toString(s) + " of '" + n.getInput(0) + "' is not known here; give the "
            + "graph input concrete dims");
      }
      dims[i + offset] = s[i];
    }
    return shape(n, dims, version, n.getOutput(0));
  }

  private static Constant shape(NodeProto n, long[] dims, int version, String out) {
    int r = dims.length;
    int start = 0;
    int end = r;
    if (version >= 15) {
      start = (int) clamp(normal(intOr(n, "start", 0), r), 0, r);
      end = (int) clamp(normal(intOr(n, "end", r), r), 0, r);
    }
    long[] v = Arrays.copyOfRange(dims, start, Math.max(start, end));
    return Constant.ofLongs(out, new long[] {v.length}, v);
  }

  private static Constant cast(NodeProto n, ImportContext c, Constant x, String out) {
    long to = intOr(n, "to", -1);
    if (to == TensorProto.DataType.FLOAT_VALUE || to == TensorProto.DataType.DOUBLE_VALUE) {
      noBatch(n, c, x, "cast to float");
      return Constant.ofFloats(out, x.dims().clone(), x.asFloats());
    }
    if (to == TensorProto.DataType.INT64_VALUE || to == TensorProto.DataType.INT32_VALUE) {
      if (!x.isFloat()) {
        return x.copyAs(out);
      }
      long[] v = new long[x.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (long) x.floats()[i]; // truncation toward zero, as C's cast and numpy's astype
      }
      return Constant.ofLongs(out, x.dims().clone(), v);
    }
    if (to == TensorProto.DataType.BOOL_VALUE) {
      noBatch(n, c, x, "cast to bool");
      long[] v = new long[x.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (x.isFloat() ? x.floats()[i] != 0 : x.longs()[i] != 0) ? 1 : 0;
      }
      return Constant.ofLongs(out, x.dims().clone(), v);
    }
    throw c.error(n, "casts a constant to " + TensorDecoder.typeName((int) to) + "; Lamina folds casts of constants to "
        + "FLOAT, DOUBLE, INT64, INT32 and BOOL");
  }

  private static Constant gather(NodeProto n, ImportContext c, Constant data, Constant indices, String out) {
    if (indices.isFloat()) {
      throw c.error(n, "the indices are floats");
    }
    long[] d = data.dims();
    int r = d.length;
    if (r == 0) {
      throw c.error(n, "gathers from a scalar");
    }
    int axis = axis(n, c, intOr(n, "axis", 0), r);
    long[] outDims = new long[r - 1 + indices.rank()];
    System.arraycopy(d, 0, outDims, 0, axis);
    System.arraycopy(indices.dims(), 0, outDims, axis, indices.rank());
    System.arraycopy(d, axis + 1, outDims, axis + indices.rank(), r - axis - 1);
    long outer = product(Arrays.copyOfRange(d, 0, axis));
    long inner = product(Arrays.copyOfRange(d, axis + 1, r));
    int k = indices.size();
    int[] src = new int[(int) (outer * k * inner)];
    int at = 0;
    for (long o = 0; o < outer; o++) {
      for (int j = 0; j < k; j++) {
        long idx = indices.longs()[j];
        long i = idx < 0 ? idx + d[axis] : idx;
        if (i < 0 || i >= d[axis]) {
          throw c.error(n, "index " + idx + " is outside axis " + axis + " of size " + d[axis]);
        }
        for (long q = 0; q < inner; q++) {
          src[at++] = (int) ((o * d[axis] + i) * inner + q);
        }
      }
    }
    return select(data, outDims, src, out);
  }

  private static Constant slice(NodeProto n, ImportContext c, List<@Nullable Constant> in, int version, String out) {
    Constant x = in.get(0);
    long[] d = x.dims();
    int r = d.length;
    long[] starts;
    long[] ends;
    long[] axes;
    long[] steps = null;
    if (version < 10) {
      starts = intsOr(n, "starts", new long[0]);
      ends = intsOr(n, "ends", new long[0]);
      axes = intsOr(n, "axes", new long[0]);
    } else {
      starts = longs(n, c, in, 1, "starts");
      ends = longs(n, c, in, 2, "ends");
      axes = in.size() > 3 && in.get(3) != null ? longs(n, c, in, 3, "axes") : new long[0];
      steps = in.size() > 4 && in.get(4) != null ? longs(n, c, in, 4, "steps") : null;
    }
    if (axes.length == 0) {
      axes = new long[starts.length];
      for (int i = 0; i < axes.length; i++) {
        axes[i] = i;
      }
    }
    if (starts.length != ends.length || starts.length != axes.length || (steps != null && steps.length != starts.length)) {
      throw c.error(n, "starts, ends, axes and steps have different lengths");
    }
    long[] begin = new long[r];
    long[] step = new long[r];
    long[] count = d.clone();
    Arrays.fill(step, 1);
    for (int i = 0; i < axes.length; i++) {
      int a = axis(n, c, axes[i], r);
      long s = steps == null ? 1 : steps[i];
      if (s == 0) {
        throw c.error(n, "step 0");
      }
      long dim = d[a];
      long b = starts[i] < 0 ? starts[i] + dim : starts[i];
      long e = ends[i] < 0 && ends[i] != Long.MIN_VALUE ? ends[i] + dim : ends[i];
      if (s > 0) {
        b = clamp(b, 0, dim);
        e = clamp(e, 0, dim);
        count[a] = Math.max(0, (e - b + s - 1) / s);
      } else {
        b = clamp(b, 0, dim - 1);
        e = clamp(e, -1, dim - 1);
        count[a] = Math.max(0, (b - e + (-s) - 1) / (-s));
      }
      begin[a] = b;
      step[a] = s;
    }
    int total = (int) product(count);
    int[] src = new int[total];
    long[] strides = strides(d);
    int[] index = new int[r];
    for (int k = 0; k < total; k++) {
      long s = 0;
      for (int a = 0; a < r; a++) {
        s += (begin[a] + index[a] * step[a]) * strides[a];
      }
      src[k] = (int) s;
      for (int a = r - 1; a >= 0 && ++index[a] == count[a]; a--) {
        index[a] = 0;
      }
    }
    return select(x, count, src, out);
  }

  private static Constant concat(NodeProto n, ImportContext c, List<@Nullable Constant> in, String out) {
    List<Constant> parts = in.stream().filter(java.util.Objects::nonNull).toList();
    Constant first = parts.get(0);
    int r = first.rank();
    int axis = axis(n, c, intOr(n, "axis", 0), r);
    long[] dims = first.dims().clone();
    dims[axis] = 0;
    for (Constant p : parts) {
      if (p.rank() != r || p.isFloat() != first.isFloat()) {
        throw c.error(n, "joins constants of different ranks or types: " + parts);
      }
      for (int a = 0; a < r; a++) {
        if (a != axis && p.dims()[a] != first.dims()[a]) {
          throw c.error(n, "joins constants whose dims differ off axis " + axis + ": " + parts);
        }
      }
      dims[axis] += p.dims()[axis];
    }
    long outer = product(Arrays.copyOfRange(dims, 0, axis));
    int total = (int) product(dims);
    float[] f = first.isFloat() ? new float[total] : new float[0];
    long[] l = first.isFloat() ? new long[0] : new long[total];
    int at = 0;
    for (long o = 0; o < outer; o++) {
      for (Constant p : parts) {
        int chunk = (int) product(Arrays.copyOfRange(p.dims(), axis, r));
        if (first.isFloat()) {
          System.arraycopy(p.floats(), (int) (o * chunk), f, at, chunk);
        } else {
          System.arraycopy(p.longs(), (int) (o * chunk), l, at, chunk);
        }
        at += chunk;
      }
    }
    return new Constant(out, dims, f, l, first.isFloat());
  }

  private static Constant squeeze(NodeProto n, ImportContext c, List<@Nullable Constant> in, int version, String out) {
    Constant x = in.get(0);
    long[] axes = version < 13 ? intsOr(n, "axes", new long[0])
        : in.size() > 1 && in.get(1) != null ? longs(n, c, in, 1, "axes") : new long[0];
    List<Long> dims = new ArrayList<>();
    boolean[] drop = new boolean[x.rank()];
    for (long a : axes) {
      int i = axis(n, c, a, x.rank());
      if (x.dims()[i] != 1) {
        throw c.error(n, "squeezes axis " + a + " of size " + x.dims()[i]);
      }
      drop[i] = true;
    }
    for (int i = 0; i < x.rank(); i++) {
      if (!(axes.length == 0 ? x.dims()[i] == 1 : drop[i])) {
        dims.add(x.dims()[i]);
      }
    }
    return reshaped(x, dims.stream().mapToLong(Long::longValue).toArray(), out);
  }

  private static Constant unsqueeze(NodeProto n, ImportContext c, List<@Nullable Constant> in, int version, String out) {
    Constant x = in.get(0);
    long[] axes = version < 13 ? intsOr(n, "axes", new long[0]) : longs(n, c, in, 1, "axes");
    int r = x.rank() + axes.length;
    boolean[] added = new boolean[r];
    for (long a : axes) {
      int i = axis(n, c, a, r); // axes index the output
      if (added[i]) {
        throw c.error(n, "axis " + a + " is given twice");
      }
      added[i] = true;
    }
    long[] dims = new long[r];
    for (int i = 0, j = 0; i < r; i++) {
      dims[i] = added[i] ? 1 : x.dims()[j++];
    }
    return reshaped(x, dims, out);
  }

  private static Constant reshape(NodeProto n, ImportContext c, Constant x, Constant shape, String out) {
    long[] t = shape.longs().clone();
    boolean allowZero = intOr(n, "allowzero", 0) != 0;
    long known = 1;
    int inferred = -1;
    for (int i = 0; i < t.length; i++) {
      if (t[i] == 0 && !allowZero) {
        if (i >= x.rank()) {
          throw c.error(n, "target " + Arrays.toString(t) + " copies dim " + i + " of a rank-" + x.rank() + " constant");
        }
        t[i] = x.dims()[i];
      }
      if (t[i] == -1) {
        if (inferred >= 0) {
          throw c.error(n, "target " + Arrays.toString(shape.longs()) + " has two -1");
        }
        inferred = i;
      } else if (t[i] < 0) {
        throw c.error(n, "target " + Arrays.toString(shape.longs()) + " of a constant holds " + t[i]);
      } else {
        known *= t[i];
      }
    }
    if (inferred >= 0) {
      t[inferred] = known == 0 ? 0 : x.size() / known;
    }
    if (product(t) != x.size()) {
      throw c.error(n, "target " + Arrays.toString(shape.longs()) + " does not hold the " + x.size() + " values of "
          + x);
    }
    return reshaped(x, t, out);
  }

  private static Constant transpose(NodeProto n, ImportContext c, Constant x, String out) {
    int r = x.rank();
    long[] reversed = new long[r];
    for (int i = 0; i < r; i++) {
      reversed[i] = r - 1 - i;
    }
    long[] perm = intsOr(n, "perm", reversed);
    long[] sorted = perm.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < r; i++) {
      if (sorted.length != r || sorted[i] != i) {
        throw c.error(n, "perm " + Arrays.toString(perm) + " is not a permutation of a rank-" + r + " constant's axes");
      }
    }
    long[] dims = new long[r];
    for (int i = 0; i < r; i++) {
      dims[i] = x.dims()[(int) perm[i]];
    }
    long[] strides = strides(x.dims());
    int total = x.size();
    int[] src = new int[total];
    int[] index = new int[r];
    for (int k = 0; k < total; k++) {
      long s = 0;
      for (int a = 0; a < r; a++) {
        s += index[a] * strides[(int) perm[a]];
      }
      src[k] = (int) s;
      for (int a = r - 1; a >= 0 && ++index[a] == dims[a]; a--) {
        index[a] = 0;
      }
    }
    return select(x, dims, src, out);
  }

  /** Add, Sub, Mul or Div of two constants with numpy broadcasting; integer division truncates (ONNX's reference). */
  private static Constant arithmetic(NodeProto n, ImportContext c, Constant a, Constant b, String out) {
    if (a.isFloat() != b.isFloat()) {
      throw c.error(n, "mixes float and integer constants " + a + " and " + b);
    }
    int r = Math.max(a.rank(), b.rank());
    long[] dims = new long[r];
    for (int i = 0; i < r; i++) {
      long da = i < r - a.rank() ? 1 : a.dims()[i - (r - a.rank())];
      long db = i < r - b.rank() ? 1 : b.dims()[i - (r - b.rank())];
      if (da != db && da != 1 && db != 1) {
        throw c.error(n, "constants " + a + " and " + b + " do not broadcast");
      }
      dims[i] = Math.max(da, db);
    }
    int[] ia = broadcastIndices(a.dims(), dims);
    int[] ib = broadcastIndices(b.dims(), dims);
    String op = n.getOpType();
    if (a.isFloat()) {
      float[] v = new float[ia.length];
      for (int k = 0; k < v.length; k++) {
        float x = a.floats()[ia[k]];
        float y = b.floats()[ib[k]];
        v[k] = switch (op) {
          case "Add" -> x + y;
          case "Sub" -> x - y;
          case "Mul" -> x * y;
          default -> x / y;
        };
      }
      return Constant.ofFloats(out, dims, v);
    }
    long[] v = new long[ia.length];
    for (int k = 0; k < v.length; k++) {
      long x = a.longs()[ia[k]];
      long y = b.longs()[ib[k]];
      if (x == Constant.BATCH || y == Constant.BATCH) {
        throw c.error(n, "computes with the batch size (" + op + " of " + a + " and " + b + "); Lamina keeps the batch "
            + "size free and folds shape arithmetic that leaves it as it is");
      }
      if (op.equals("Div") && y == 0) {
        throw c.error(n, "divides the integer constant " + a + " by zero");
      }
      v[k] = switch (op) {
        case "Add" -> x + y;
        case "Sub" -> x - y;
        case "Mul" -> x * y;
        default -> x / y;
      };
    }
    return Constant.ofLongs(out, dims, v);
  }

  private static Constant constantOfShape(NodeProto n, ImportContext c, @Nullable Constant shape, String out) {
    long[] dims = shape == null ? new long[0] : shape.longs().clone();
    if (shape != null) {
      noBatch(n, c, shape, "makes a tensor whose size is the batch size");
    }
    if (Arrays.stream(dims).anyMatch(d -> d < 0) || product(dims) > MAX_ELEMENTS) {
      throw c.error(n, "shape " + Arrays.toString(dims) + " is negative or larger than " + MAX_ELEMENTS + " values");
    }
    Constant value = Constant.ofFloats(out, new long[] {1}, new float[] {0f});
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals("value")) {
        value = new TensorDecoder(null, c.notes).decode(a.getT(), out);
      }
    }
    if (value.size() != 1) {
      throw c.error(n, "the value attribute must hold one element, not " + value.size());
    }
    int total = (int) product(dims);
    return select(value, dims, new int[total], out);
  }

  private static Constant range(NodeProto n, ImportContext c, List<@Nullable Constant> in, String out) {
    for (Constant k : in) {
      if (k == null || k.size() != 1) {
        throw c.error(n, "start, limit and delta must be scalars");
      }
      noBatch(n, c, k, "counts up to the batch size");
    }
    Constant start = in.get(0);
    if (start.isFloat()) {
      float s = start.floats()[0];
      float limit = in.get(1).asFloats()[0];
      float delta = in.get(2).asFloats()[0];
      long count = Math.max((long) Math.ceil((limit - s) / delta), 0);
      checkSize(n, c, count);
      float[] v = new float[(int) count];
      for (int i = 0; i < v.length; i++) {
        v[i] = s + i * delta;
      }
      return Constant.ofFloats(out, new long[] {count}, v);
    }
    long s = start.longs()[0];
    long limit = in.get(1).longs()[0];
    long delta = in.get(2).longs()[0];
    if (delta == 0) {
      throw c.error(n, "delta 0");
    }
    long count = Math.max((long) Math.ceil((limit - s) / (double) delta), 0);
    checkSize(n, c, count);
    long[] v = new long[(int) count];
    for (int i = 0; i < v.length; i++) {
      v[i] = s + i * delta;
    }
    return Constant.ofLongs(out, new long[] {count}, v);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** The elements {@code src} of {@code x}, as a tensor of {@code dims}. */
  private static Constant select(Constant x, long[] dims, int[] src, String out) {
    if (x.isFloat()) {
      float[] v = new float[src.length];
      for (int k = 0; k < v.length; k++) {
        v[k] = x.floats()[src[k]];
      }
      return Constant.ofFloats(out, dims, v);
    }
    long[] v = new long[src.length];
    for (int k = 0; k < v.length; k++) {
      v[k] = x.longs()[src[k]];
    }
    return Constant.ofLongs(out, dims, v);
  }

  private static Constant reshaped(Constant x, long[] dims, String out) {
    return new Constant(out, dims, x.floats().clone(), x.longs().clone(), x.isFloat());
  }

  /** For each element of a tensor of {@code out} dims, the element of {@code in} (right-aligned, numpy) it reads. */
  private static int[] broadcastIndices(long[] in, long[] out) {
    int r = out.length;
    int offset = r - in.length;
    int total = (int) product(out);
    int[] src = new int[total];
    int[] index = new int[r];
    for (int k = 0; k < total; k++) {
      long s = 0;
      for (int a = offset; a < r; a++) {
        long d = in[a - offset];
        s = s * d + (d == 1 ? 0 : index[a]);
      }
      src[k] = (int) s;
      for (int a = r - 1; a >= 0 && ++index[a] == out[a]; a--) {
        index[a] = 0;
      }
    }
    return src;
  }

  private static long[] longs(NodeProto n, ImportContext c, List<@Nullable Constant> in, int i, String what) {
    Constant k = in.size() > i ? in.get(i) : null;
    if (k == null || k.isFloat()) {
      throw c.error(n, what + " must be an integer constant");
    }
    return k.longs();
  }

  private static void noBatch(NodeProto n, ImportContext c, Constant x, String what) {
    if (!x.isFloat() && Arrays.stream(x.longs()).anyMatch(v -> v == Constant.BATCH)) {
      throw c.error(n, what + " from the batch size (" + x + " holds it); Lamina keeps the batch size free");
    }
  }

  private static void checkSize(NodeProto n, ImportContext c, long count) {
    if (count > MAX_ELEMENTS) {
      throw c.error(n, "makes " + count + " values, more than " + MAX_ELEMENTS);
    }
  }

  private static int axis(NodeProto n, ImportContext c, long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw c.error(n, "axis " + axis + " is outside a rank-" + rank + " constant");
    }
    return (int) a;
  }

  private static long normal(long i, int rank) {
    return i < 0 ? i + rank : i;
  }

  private static long clamp(long v, long lo, long hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static long product(long[] dims) {
    long p = 1;
    for (long d : dims) {
      p *= d;
    }
    return p;
  }

  private static long[] strides(long[] dims) {
    long[] s = new long[dims.length];
    long p = 1;
    for (int a = dims.length - 1; a >= 0; a--) {
      s[a] = p;
      p *= dims[a];
    }
    return s;
  }
}
