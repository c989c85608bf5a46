package dev.lamina.data;

import dev.lamina.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Fashion-MNIST (Zalando Research, MIT licence): 60,000 training and 10,000 test images of 28×28
 * grey levels in 10 classes, read from the four standard IDX files. Pixels are scaled to [0, 1]
 * (divided by 255); labels are class indices 0..9.
 *
 * @param trainImages [60000, 28, 28]
 * @param trainLabels [60000]
 * @param testImages [10000, 28, 28]
 * @param testLabels [10000]
 */
public record FashionMnist(Tensor trainImages, Tensor trainLabels, Tensor testImages, Tensor testLabels) {
  /** The class names, by index. */
  public static final String[] CLASS_NAMES = {
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

  /** The environment variable naming the folder of the IDX files. */
  public static final String ENVIRONMENT_VARIABLE = "LAMINA_DATA";

  private static final String[] FILES = {
      "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

  /**
   * Loads the data set from a folder holding the four IDX files, gzip-compressed ({@code .gz}) or
   * not.
   *
   * @throws IllegalArgumentException if a file is missing or malformed
   */
  public static FashionMnist load(Path folder) {
    Tensor[] t = new Tensor[4];
    for (int i = 0; i < 4; i++) {
      t[i] = Idx.read(file(folder, FILES[i]), i % 2 == 0 ? 1f / 255 : 1f);
    }
    return new FashionMnist(t[0], t[1], t[2], t[3]);
  }

  /**
   * Finds the data set: the explicit folder if given, then {@code $LAMINA_DATA} (the folder itself
   * or its {@code fashion-mnist} subfolder), then {@code ~/.cache/lamina/fashion-mnist}, then
   * Debian's {@code /usr/share/datasets/fashion-mnist}.
   */
  public static Optional<Path> locate(@Nullable Path explicit) {
    if (explicit != null) {
      return Optional.of(explicit);
    }
    String env = System.getenv(ENVIRONMENT_VARIABLE);
    String property = System.getProperty("lamina.data");
    for (String base : new String[] {property, env}) {
      if (base != null && !base.isBlank()) {
        Path p = Path.of(base);
        for (Path candidate : new Path[] {p, p.resolve("fashion-mnist")}) {
          if (isComplete(candidate)) {
            return Optional.of(candidate);
          }
        }
      }
    }
    for (Path candidate : new Path[] {
        Path.of(System.getProperty("user.home"), ".cache", "lamina", "fashion-mnist"),
        Path.of("/usr/share/datasets/fashion-mnist")}) {
      if (isComplete(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static boolean isComplete(Path folder) {
    for (String f : FILES) {
      if (!Files.isRegularFile(folder.resolve(f + ".gz")) && !Files.isRegularFile(folder.resolve(f))) {
        return false;
      }
    }
    return true;
  }

  private static Path file(Path folder, String name) {
    Path gz = folder.resolve(name + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path raw = folder.resolve(name);
    if (Files.isRegularFile(raw)) {
      return raw;
    }
    throw new IllegalArgumentException("Fashion-MNIST: " + name + "(.gz) not found in " + folder.toAbsolutePath());
  }
}
