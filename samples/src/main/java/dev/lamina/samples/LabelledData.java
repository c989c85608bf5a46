// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import dev.lamina.data.Csv;
import dev.lamina.data.Dataset;
import dev.lamina.data.Idx;
import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Examples for fine-tuning a classifier: inputs in the model's per-sample input shape, class
 * indices [samples] (what sparse categorical cross-entropy takes), and the class names in index
 * order. Read from a folder of images with one subfolder per class, a CSV file or IDX files.
 *
 * @param source what the data were read from, for the output and the model's provenance
 */
record LabelledData(Tensor x, Tensor y, List<String> classes, String source) {

  /**
   * A folder with one subfolder per class (its name is the class name; sorted by name, as Keras'
   * {@code image_dataset_from_directory}), holding images at any depth; other files are ignored.
   *
   * @throws IllegalArgumentException for a missing or empty folder, fewer than 2 classes, a class
   *     folder without images, or an unreadable image (each naming the folder or file)
   */
  static LabelledData images(Path folder, int[] inputShape, String model, PixelScaling scaling) {
    ImageLayout layout = ImageLayout.of(inputShape, model);
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException("--images must be a folder with one subfolder of images per class, but '" + folder
          + "' " + (Files.exists(folder) ? "is not a folder" : "does not exist"));
    }
    List<Path> classFolders;
    try (Stream<Path> entries = Files.list(folder)) {
      classFolders = entries.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted().toList();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list the folder '" + folder + "': " + e.getMessage(), e);
    }
    if (classFolders.isEmpty()) {
      throw new IllegalArgumentException("the folder '" + folder + "' is empty: it needs one subfolder of images per class"
          + (Images.under(folder).isEmpty() ? "" : " (its images are not in class subfolders)"));
    }
    List<List<Path>> files = new ArrayList<>();
    for (Path c : classFolders) {
      List<Path> images = Images.under(c);
      if (images.isEmpty()) {
        throw new IllegalArgumentException("the class folder '" + c + "' has no images (" + String.join(", ",
            Images.EXTENSIONS) + ")");
      }
      files.add(images);
    }
    if (classFolders.size() < 2) {
      throw new IllegalArgumentException("the folder '" + folder + "' has one class subfolder, '"
          + classFolders.get(0).getFileName() + "'; a classifier needs at least 2");
    }
    int n = files.stream().mapToInt(List::size).sum();
    float[] x = new float[Math.multiplyExact(n, layout.size())];
    float[] y = new float[n];
    int i = 0;
    for (int c = 0; c < files.size(); c++) {
      for (Path f : files.get(c)) {
        Images.read(f, layout, scaling, x, i * layout.size());
        y[i++] = c;
      }
    }
    return new LabelledData(tensor(x, n, inputShape), Tensor.of(y, n),
        classFolders.stream().map(p -> p.getFileName().toString()).toList(), folder.toString());
  }

  /**
   * A CSV file of numbers: one example per line, the label in {@code labelColumn} (from 0, negative
   * from the end), every other column an input value, used as it is unless {@code scaling} is given.
   */
  static LabelledData csv(Path file, int labelColumn, boolean header, int[] inputShape, PixelScaling scaling,
      boolean scale) {
    Dataset d = Csv.format().header(header).labelColumn(labelColumn).read(file);
    int features = size(d.features());
    checkSize(features, inputShape, file + " has " + features + " values per line besides the label");
    return labelled(d.features().data(), d.labels().data(), inputShape, scale ? scaling : null, file.toString());
  }

  /** IDX files of unsigned bytes (pixels 0–255, scaled by {@code scaling}) and of labels. */
  static LabelledData idx(Path images, Path labels, int[] inputShape, PixelScaling scaling) {
    Tensor x = Idx.read(images, 1f);
    Tensor y = Idx.read(labels, 1f);
    if (x.samples() != y.samples()) {
      throw new IllegalArgumentException(images + " has " + x.samples() + " images, but " + labels + " has "
          + y.samples() + " labels");
    }
    checkSize(size(x), inputShape, images + " has images of " + Arrays.toString(x.sampleShape()));
    return labelled(x.data(), y.data(), inputShape, scaling, images + " + " + labels);
  }

  private static int size(Tensor t) {
    return Arrays.stream(t.sampleShape()).reduce(1, Math::multiplyExact);
  }

  private static void checkSize(int features, int[] inputShape, String what) {
    int expected = Arrays.stream(inputShape).reduce(1, Math::multiplyExact);
    if (features != expected) {
      throw new IllegalArgumentException(what + ", but the model takes " + expected + " values per example "
          + Arrays.toString(inputShape));
    }
  }

  /** Values reshaped to the input shape, scaled per channel when asked; labels mapped to class indices in sorted order. */
  private static LabelledData labelled(float[] values, float[] labels, int[] inputShape, @Nullable PixelScaling scaling,
      String source) {
    int n = labels.length;
    int size = values.length / Math.max(n, 1);
    float[] x = values.clone();
    if (scaling != null) {
      ImageLayout layout = imageLayout(inputShape);
      for (int i = 0; i < x.length; i++) {
        int within = i % size;
        int channel = layout == null ? 0
            : layout.channelsFirst() ? within / (layout.height() * layout.width()) : within % layout.channels();
        x[i] = scaling.apply(channel, values[i]);
      }
    }
    TreeSet<Float> distinct = new TreeSet<>();
    for (float l : labels) {
      distinct.add(l);
    }
    if (distinct.size() < 2) {
      throw new IllegalArgumentException(source + ": the labels have " + distinct.size() + " distinct value(s) "
          + distinct + "; a classifier needs at least 2");
    }
    List<Float> order = new ArrayList<>(distinct);
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = order.indexOf(labels[i]);
    }
    List<String> names = order.stream().map(v -> v == Math.rint(v) ? Long.toString((long) (float) v) : v.toString())
        .toList();
    return new LabelledData(tensor(x, n, inputShape), Tensor.of(y, n), names, source);
  }

  /** The image layout of the input shape, or null when it is not an image's (values then all count as channel 0). */
  private static @Nullable ImageLayout imageLayout(int[] inputShape) {
    try {
      return ImageLayout.of(inputShape, "the model");
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Tensor tensor(float[] x, int n, int[] sample) {
    int[] shape = new int[sample.length + 1];
    shape[0] = n;
    System.arraycopy(sample, 0, shape, 1, sample.length);
    return Tensor.of(x, shape);
  }

  int size() {
    return x.samples();
  }

  /**
   * Only the examples of {@code keep} (class names, in the order given, which becomes the class
   * order), then at most {@code limit} of them (0: all).
   *
   * @throws IllegalArgumentException if a name is not a class of the data
   */
  LabelledData select(List<String> keep, int limit) {
    List<String> names = keep.isEmpty() ? classes : keep;
    for (String k : names) {
      if (!classes.contains(k)) {
        throw new IllegalArgumentException("--classes names '" + k + "', which is not a class of " + source
            + "; its classes are " + classes);
      }
    }
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < size() && (limit == 0 || rows.size() < limit); i++) {
      if (names.contains(classes.get((int) y.data()[i]))) {
        rows.add(i);
      }
    }
    int[] indices = rows.stream().mapToInt(Integer::intValue).toArray();
    Dataset d = new Dataset(x, y).select(indices);
    float[] relabelled = new float[indices.length];
    for (int i = 0; i < indices.length; i++) {
      relabelled[i] = names.indexOf(classes.get((int) d.labels().data()[i]));
    }
    return new LabelledData(d.features(), Tensor.of(relabelled, indices.length), List.copyOf(names), source);
  }
}
