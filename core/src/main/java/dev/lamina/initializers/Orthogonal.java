// SPDX-License-Identifier: Apache-2.0

package dev.lamina.initializers;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_FDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * Fills a kernel with a (semi-)orthogonal matrix times {@code gain}, so that {@code W^T W = gain^2 I}
 * for a tall kernel and {@code W W^T = gain^2 I} for a wide one.
 *
 * <p>Algorithm (as Keras): view the shape as a matrix of {@code rows = prod(shape[:-1])} and
 * {@code cols = shape[-1]} (a [in, out] kernel), or, for a convolution kernel
 * {@code [out, in / groups, ...kernel]} of rank &gt; 2, of {@code rows = out} and
 * {@code cols = prod(shape[1:])}: the transpose of the matrix Keras makes of the same kernel in
 * its channels-last layout, so each filter gets what Keras gives it (see {@link Fans}); draw {@code A ~ N(0, 1)} of shape {@code (max(rows, cols),
 * min(rows, cols))}; take its QR decomposition {@code A = QR} (EJML Householder, float); make it
 * unique with {@code Q *= sign(diag(R))}; transpose if {@code rows < cols}; multiply by
 * {@code gain}. A zero on R's diagonal (probability zero) counts as sign +1 rather than Keras'
 * {@code sign(0) = 0}, which would zero a column.
 *
 * <p>The shape must have rank &gt;= 2. Default (Keras): gain {@value #DEFAULT_GAIN}; see
 * {@link Initializers#orthogonal()}.
 *
 * <p>Source: Keras 3 {@code keras.initializers.Orthogonal} (Saxe et al., 2014),
 * {@code keras/src/initializers/random_initializers.py}.
 *
 * @param gain the multiplicative factor; finite
 */
public record Orthogonal(double gain) implements Initializer {

  /** Keras 3 {@code Orthogonal(gain=1.0)} default. */
  public static final double DEFAULT_GAIN = 1.0;

  /** Validates that gain is finite. */
  public Orthogonal {
    InitializerSupport.requireFiniteFloat("Orthogonal", "gain", gain);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the shape has rank &lt; 2 or does not match the values
   */
  @Override
  public void initialize(float[] values, int[] shape, RandomGenerator random) {
    if (shape.length < 2) {
      throw new IllegalArgumentException(
          "Orthogonal: shape must have rank >= 2, but was " + Arrays.toString(shape));
    }
    InitializerSupport.requireSize("Orthogonal", values, shape);
    int rows = shape.length > 2 ? shape[0] : values.length == 0 ? 0 : values.length / shape[shape.length - 1];
    int cols = rows == 0 ? 0 : values.length / rows;
    int tall = Math.max(rows, cols);
    int narrow = Math.min(rows, cols);
    if (narrow == 0) {
      return;
    }
    FMatrixRMaj a = new FMatrixRMaj(tall, narrow);
    float[] data = a.getData();
    for (int i = 0; i < tall * narrow; i++) {
      data[i] = (float) random.nextGaussian();
    }
    QRDecomposition<FMatrixRMaj> qr = DecompositionFactory_FDRM.qr(tall, narrow);
    if (!qr.decompose(a)) {
      throw new IllegalStateException("Orthogonal: QR decomposition failed for " + tall + "x" + narrow);
    }
    FMatrixRMaj q = qr.getQ(null, true); // tall x narrow
    FMatrixRMaj r = qr.getR(null, true); // narrow x narrow
    float[] colScale = new float[narrow];
    for (int j = 0; j < narrow; j++) {
      colScale[j] = (float) (r.get(j, j) < 0 ? -gain : gain);
    }
    if (rows >= cols) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          values[i * cols + j] = q.get(i, j) * colScale[j];
        }
      }
    } else {
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          values[i * cols + j] = q.get(j, i) * colScale[i];
        }
      }
    }
  }
}
