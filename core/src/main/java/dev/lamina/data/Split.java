// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * A training set and a validation set drawn from one data set, deterministically from a seed.
 *
 * <pre>{@code
 * Split split = Split.stratified(data, 0.2, 42);   // 80 % train, 20 % validation, same class mix
 * model.fit(split.train().features(), split.train().labels(), …);
 * }</pre>
 *
 * @param train the samples to train on
 * @param validation the held-out samples
 */
public record Split(Dataset train, Dataset validation) {
  /**
   * Shuffles the samples with {@code new Random(seed)} and holds out
   * {@code ceil(validationFraction × n)} of them (as scikit-learn's {@code train_test_split}).
   *
   * @throws IllegalArgumentException if the fraction is not in (0, 1) or leaves a part empty
   */
  public static Split of(Dataset data, double validationFraction, long seed) {
    int n = data.size();
    int validation = validationCount(n, validationFraction);
    int[] order = shuffled(range(n), new Random(seed));
    int[] validationIndices = Arrays.copyOfRange(order, 0, validation);
    int[] trainIndices = Arrays.copyOfRange(order, validation, n);
    return new Split(data.select(trainIndices), data.select(validationIndices));
  }

  /**
   * As {@link #of}, but each class gives {@code round(validationFraction × its count)} samples to
   * validation, at most its count − 1, so both parts keep the class proportions and every class
   * keeps at least one training sample. Labels must be class indices (whole numbers from 0 to
   * {@link Integer#MAX_VALUE}); both parts are shuffled.
   *
   * <p>As scikit-learn's stratified {@code train_test_split}, a class with a single sample is
   * refused: it cannot be in both parts.
   *
   * @throws IllegalArgumentException if the fraction is not in (0, 1), a label is not a class index
   *     (naming its row), a class has only one sample (naming the class), or a part would be empty
   */
  public static Split stratified(Dataset data, double validationFraction, long seed) {
    validationCount(data.size(), validationFraction);
    Random random = new Random(seed);
    TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
    float[] labels = data.labels().data();
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != Math.rint(labels[i]) || labels[i] < 0 || labels[i] > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("Split.stratified: labels must be class indices (whole numbers from 0 to "
            + Integer.MAX_VALUE + "), but row " + i + " has label " + labels[i]);
      }
      byClass.computeIfAbsent((int) labels[i], k -> new ArrayList<>()).add(i);
    }
    for (var entry : byClass.entrySet()) {
      if (entry.getValue().size() < 2) {
        throw new IllegalArgumentException("Split.stratified: class " + entry.getKey() + " has only "
            + entry.getValue().size() + " sample (row " + entry.getValue().get(0) + "); every class needs at least 2,"
            + " one for each part");
      }
    }
    List<Integer> train = new ArrayList<>();
    List<Integer> validation = new ArrayList<>();
    for (List<Integer> members : byClass.values()) {
      int[] order = shuffled(members.stream().mapToInt(Integer::intValue).toArray(), random);
      int held = (int) Math.min(Math.round(validationFraction * order.length), order.length - 1);
      for (int i = 0; i < order.length; i++) {
        (i < held ? validation : train).add(order[i]);
      }
    }
    if (train.isEmpty() || validation.isEmpty()) {
      throw new IllegalArgumentException("Split.stratified: validationFraction " + validationFraction + " leaves "
          + train.size() + " training and " + validation.size() + " validation samples; both must be > 0");
    }
    return new Split(data.select(shuffled(toArray(train), random)), data.select(shuffled(toArray(validation), random)));
  }

  private static int validationCount(int n, double fraction) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("Split: validationFraction must be in (0, 1), but was " + fraction);
    }
    int validation = (int) Math.ceil(fraction * n);
    if (validation >= n) {
      throw new IllegalArgumentException("Split: validationFraction " + fraction + " of " + n
          + " samples leaves no training sample");
    }
    return validation;
  }

  private static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  private static int[] toArray(List<Integer> list) {
    return list.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Fisher–Yates, in place; returns its argument. */
  private static int[] shuffled(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
