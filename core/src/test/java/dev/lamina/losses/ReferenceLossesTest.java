// SPDX-License-Identifier: Apache-2.0

package dev.lamina.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.tensor.Matrix;
import dev.lamina.testing.ReferenceCase;
import dev.lamina.testing.ReferenceCase.Tolerance;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Loss values and gradients against the PyTorch reference values ({@code layers/*} cases of kind
 * {@code loss_forward_backward}): binary cross-entropy and sparse categorical cross-entropy, both
 * from logits. Shapes, reductions, tolerances and file names come from the manifests.
 */
class ReferenceLossesTest {
  static final String KIND = "loss_forward_backward";

  @TestFactory
  Stream<DynamicTest> everyLossCase() {
    List<ReferenceCase> cases = ReferenceCase.ofKind(KIND);
    assertFalse(cases.isEmpty(), "index.json lists no " + KIND + " case");
    return cases.stream().map(c -> DynamicTest.dynamicTest(c.path(), () -> check(c)));
  }

  private static void check(ReferenceCase c) {
    String what = c.string("loss");
    String reduction = c.string("reduction");
    int[] shape = c.shape("logits");
    int rows = shape[0];
    int cols = shape[1];
    float[] logits = c.f32("logits");
    Tolerance tol = c.tolerance();
    Loss loss;
    Matrix target;
    String perSample; // the array of unreduced losses
    boolean elementwise; // whether that array has one loss per element (else one per row)
    if (what.startsWith("binary cross-entropy from logits")) {
      assertTrue(reduction.startsWith("mean over all elements"),
          c.path() + ": Lamina's binary cross-entropy is the mean over all elements; the case: " + reduction);
      loss = Losses.binaryCrossentropy(true);
      target = Matrix.wrap(c.f32("targets"), rows, cols);
      perSample = "elementwise_loss";
      elementwise = true;
    } else if (what.startsWith("sparse categorical cross-entropy from logits")) {
      assertTrue(reduction.startsWith("mean over the batch"),
          c.path() + ": Lamina's sparse categorical cross-entropy is the mean over the batch; the case: " + reduction);
      loss = Losses.sparseCategoricalCrossentropy(true);
      int[] labels = c.i32("labels");
      assertEquals(rows, labels.length, c.path() + ": one label per row");
      float[] indices = new float[rows];
      for (int i = 0; i < rows; i++) {
        indices[i] = labels[i];
      }
      target = Matrix.wrap(indices, rows, 1); // class indices [batch, 1]
      perSample = "per_sample_loss";
      elementwise = false;
    } else {
      throw new AssertionError(c.path() + ": unknown loss '" + what + "'; map it to a Lamina loss in ReferenceLossesTest");
    }

    float[] input = logits.clone();
    Matrix gradient = new Matrix(rows, cols);
    double value = loss.compute(Matrix.wrap(input, rows, cols), target, gradient);
    assertArrayEquals(logits, input, c.path() + ": the loss must not modify its input");
    tol.assertClose(c.path() + " loss", c.f32("loss")[0], value);
    tol.assertClose(c.path() + " dlogits", c.f32("dlogits"), Arrays.copyOf(gradient.data(), gradient.size()));

    // the unreduced losses: the loss of a one-element (or one-row) slice
    if (c.hasArray(perSample)) {
      float[] expected = c.f32(perSample);
      float[] got = new float[expected.length];
      int width = elementwise ? 1 : cols;
      int targetWidth = elementwise ? 1 : target.cols();
      for (int k = 0; k < got.length; k++) {
        Matrix p = Matrix.wrap(Arrays.copyOfRange(logits, k * width, (k + 1) * width), 1, width);
        Matrix t = Matrix.wrap(Arrays.copyOfRange(target.data(), k * targetWidth, (k + 1) * targetWidth), 1, targetWidth);
        got[k] = (float) loss.compute(p, t, null);
      }
      tol.assertClose(c.path() + " " + perSample, expected, got);
    }
  }
}
