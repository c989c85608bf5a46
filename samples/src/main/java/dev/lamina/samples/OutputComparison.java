// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import dev.lamina.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * One output of {@code lamina check}, compared as {@code numpy.allclose(lamina, onnxRuntime, rtol,
 * atol)} does: every value within {@code atol + rtol × |ONNX Runtime|} of ONNX Runtime's; a NaN on
 * either side is a difference (numpy's {@code equal_nan=False}).
 *
 * @param name the ONNX value the output stands for
 * @param shape its shape
 * @param maxAbsDiff the largest |Lamina − ONNX Runtime| (infinite for a NaN)
 * @param maxRelDiff the largest |Lamina − ONNX Runtime| / |ONNX Runtime| (infinite where ONNX
 *     Runtime gives 0 and Lamina does not, or for a NaN)
 * @param pass whether every value is within the tolerance
 */
record OutputComparison(String name, int[] shape, double maxAbsDiff, double maxRelDiff, boolean pass) {

  static OutputComparison of(String name, Tensor lamina, Tensor onnxRuntime, double rtol, double atol) {
    float[] a = lamina.data();
    float[] b = onnxRuntime.data();
    double maxAbs = 0;
    double maxRel = 0;
    boolean pass = a.length == b.length;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      double d = Math.abs((double) a[i] - b[i]);
      if (Double.isNaN(d)) {
        d = Double.POSITIVE_INFINITY;
      }
      double rel = d == 0 ? 0 : b[i] == 0 || Double.isInfinite(d) ? Double.POSITIVE_INFINITY : d / Math.abs(b[i]);
      maxAbs = Math.max(maxAbs, d);
      maxRel = Math.max(maxRel, rel);
      pass &= d <= atol + rtol * Math.abs(b[i]);
    }
    return new OutputComparison(name, lamina.shape(), maxAbs, maxRel, pass);
  }

  /** A line of the report: name, shape, the largest differences and the verdict. */
  String line() {
    return String.format(Locale.ROOT, "output %s %s: max abs diff %.3e, max rel diff %.3e: %s", name,
        Arrays.toString(shape), maxAbsDiff, maxRelDiff, pass ? "pass" : "FAIL");
  }
}
