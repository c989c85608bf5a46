// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Tensor;
import org.junit.jupiter.api.Test;

class OutputComparisonTest {

  private static OutputComparison compare(float lamina, float onnxRuntime, double rtol, double atol) {
    return OutputComparison.of("y", Tensor.of(new float[] {0.5f, lamina}, 1, 2),
        Tensor.of(new float[] {0.5f, onnxRuntime}, 1, 2), rtol, atol);
  }

  /** numpy.allclose: |a - b| <= atol + rtol * |b|, b being ONNX Runtime's value. */
  @Test
  void largeOutputsPassOnTheRelativeTolerance() {
    OutputComparison c = compare(1000.001f, 1000f, CheckCommand.RTOL, CheckCommand.ATOL);
    assertTrue(c.pass(), c.line());
    assertEquals(1000.001f - 1000f, c.maxAbsDiff(), 1e-12);
    assertEquals((1000.001f - 1000f) / 1000.0, c.maxRelDiff(), 1e-12);
    assertFalse(compare(1000.001f, 1000f, 0, CheckCommand.ATOL).pass(), "1e-3 > atol without rtol");
    assertFalse(compare(1.001f, 1f, CheckCommand.RTOL, CheckCommand.ATOL).pass(), "1e-3 at 1 is too much");
  }

  @Test
  void nanAndZeroReference() {
    OutputComparison nan = compare(Float.NaN, 1f, 1, 1);
    assertFalse(nan.pass());
    assertEquals(Double.POSITIVE_INFINITY, nan.maxAbsDiff());
    OutputComparison zero = compare(1e-6f, 0f, CheckCommand.RTOL, CheckCommand.ATOL);
    assertTrue(zero.pass(), "within atol");
    assertEquals(Double.POSITIVE_INFINITY, zero.maxRelDiff(), "relative to 0");
    assertEquals(0, compare(0f, 0f, 0, 0).maxRelDiff());
  }

  @Test
  void theLineNamesTheOutputItsShapeTheDifferencesAndTheVerdict() {
    assertEquals("output y [1, 2]: max abs diff 0.000e+00, max rel diff 0.000e+00: pass", compare(2, 2, 0, 0).line());
    assertTrue(compare(3, 2, 0, 0).line().endsWith("max abs diff 1.000e+00, max rel diff 5.000e-01: FAIL"));
  }
}
