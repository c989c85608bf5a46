// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The small handwritten-digits set embedded in lamina-core, so that samples, examples and tests
 * run offline anywhere (as scikit-learn's {@code load_digits()}): the UCI "Optical Recognition of
 * Handwritten Digits" test set as shipped by scikit-learn (CC BY 4.0), 1,797 images of 8×8
 * pixels, classes 0..9.
 *
 * <pre>{@code
 * Digits digits = Digits.load();
 * System.out.println("Data: " + digits.source());
 * }</pre>
 *
 * @param images [1797, 8, 8], pixels scaled from 0..16 to [0, 1]
 * @param labels [1797], the digit shown
 * @param source which data this is and where it was read from
 */
public record Digits(Tensor images, Tensor labels, String source) {
  /** The resource holding the CSV (64 pixel values 0..16, then the label; no header; gzip). */
  public static final String RESOURCE = "digits.csv.gz";

  /** The brightest pixel value of the raw data. */
  private static final float MAX_PIXEL = 16f;

  /**
   * Reads the embedded copy.
   *
   * @throws IllegalStateException if the resource is missing from the class path
   */
  public static Digits load() {
    try (InputStream in = Digits.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Digits: resource " + RESOURCE + " not found next to "
            + Digits.class.getName() + " on the class path; rebuild lamina-core");
      }
      Dataset raw = Csv.format().read(in, RESOURCE);
      float[] pixels = raw.features().data().clone();
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] /= MAX_PIXEL;
      }
      int n = raw.size();
      String source = "handwritten digits (UCI, via scikit-learn; " + n + " images of 8x8, 10 classes), "
          + "embedded in lamina-core";
      return new Digits(Tensor.of(pixels, n, 8, 8), raw.labels(), source);
    } catch (IOException e) {
      throw new UncheckedIOException("Digits: cannot read resource " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /** The images and labels as a {@link Dataset}, e.g. for {@link Split}. */
  public Dataset dataset() {
    return new Dataset(images, labels);
  }
}
