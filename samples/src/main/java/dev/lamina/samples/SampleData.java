// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import dev.lamina.data.Dataset;
import dev.lamina.data.Digits;
import dev.lamina.data.FashionMnist;
import dev.lamina.data.Split;
import dev.lamina.data.StandardScaler;
import dev.lamina.tensor.Tensor;
import java.util.Arrays;

/**
 * The images the samples train on, flattened to one row of features per image: a subset of
 * Fashion-MNIST or the embedded digits, with a description saying which.
 *
 * @param trainImages [samples, features], pixels in [0, 1]
 * @param trainLabels [samples], class indices
 * @param testImages [samples, features]
 * @param testLabels [samples]
 * @param description which data, and how much of it
 */
public record SampleData(Tensor trainImages, Tensor trainLabels, Tensor testImages, Tensor testLabels,
    String description) {

  /** The first {@code train} training and {@code test} test images of Fashion-MNIST (all if larger). */
  public static SampleData fashion(FashionMnist data, int train, int test) {
    int n = Math.min(train, data.trainImages().samples());
    int m = Math.min(test, data.testImages().samples());
    return new SampleData(flat(data.trainImages().rows(0, n)), data.trainLabels().rows(0, n),
        flat(data.testImages().rows(0, m)), data.testLabels().rows(0, m),
        "Fashion-MNIST (" + n + " training, " + m + " test images of 28x28)");
  }

  /** The embedded digits, split 80/20 (stratified) with {@code seed}. */
  public static SampleData digits(long seed) {
    Digits digits = Digits.load();
    Split split = Split.stratified(new Dataset(flat(digits.images()), digits.labels()), 0.2, seed);
    return new SampleData(split.train().features(), split.train().labels(), split.validation().features(),
        split.validation().labels(), "digits (" + split.train().size() + " training, " + split.validation().size()
            + " test images of 8x8; " + digits.source() + ")");
  }

  /** Features per image. */
  public int features() {
    return trainImages.size() / trainImages.samples();
  }

  /** The number of classes (largest training label + 1). */
  public int classes() {
    float max = 0;
    for (float v : trainLabels.data()) {
      max = Math.max(max, v);
    }
    return (int) max + 1;
  }

  /** The same data standardized (zero mean, unit variance per pixel, fitted on the training set), as SELU needs. */
  public SampleData standardized() {
    StandardScaler scaler = StandardScaler.fit(trainImages);
    return new SampleData(scaler.transform(trainImages), trainLabels, scaler.transform(testImages), testLabels,
        description + ", standardized");
  }

  /** The first {@code n} training images (all if fewer). */
  public SampleData firstTraining(int n) {
    int k = Math.min(n, trainImages.samples());
    return new SampleData(trainImages.rows(0, k), trainLabels.rows(0, k), testImages, testLabels, description);
  }

  static Tensor flat(Tensor images) {
    int n = images.samples();
    return images.reshape(n, Arrays.stream(images.sampleShape()).reduce(1, Math::multiplyExact));
  }
}
