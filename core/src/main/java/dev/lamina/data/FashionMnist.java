// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import dev.lamina.tensor.Tensor;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Fashion-MNIST (Zalando Research, MIT licence): 60,000 training and 10,000 test images of 28×28
 * grey levels in 10 classes, read from the four standard IDX files. Pixels are scaled to [0, 1]
 * (divided by 255); labels are class indices 0..9.
 *
 * <p>Where the files come from, in this order ({@link #resolve}): an explicit folder; the
 * {@code lamina.data} system property or the {@code LAMINA_DATA} environment variable (the folder
 * itself or its {@code fashion-mnist} subfolder); {@code ~/.cache/lamina/fashion-mnist}; Debian's
 * {@code /usr/share/datasets/fashion-mnist} (package {@code dataset-fashion-mnist}); and last a
 * download from the public mirror into the cache, each file checked against its SHA-256.
 *
 * <pre>{@code
 * FashionMnist data = FashionMnist.load(FashionMnist.resolve(null));
 * }</pre>
 *
 * @param trainImages [60000, 28, 28]
 * @param trainLabels [60000]
 * @param testImages [10000, 28, 28]
 * @param testLabels [10000]
 */
public record FashionMnist(Tensor trainImages, Tensor trainLabels, Tensor testImages, Tensor testLabels) {
  /** Download progress goes where the application sends System.Logger's output (by default JUL: standard error). */
  private static final System.Logger LOG = System.getLogger(FashionMnist.class.getName());

  /** The class names, by index (an immutable list). */
  public static final List<String> CLASS_NAMES = List.of(
      "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  /** The height and width of every image. */
  static final int SIDE = 28;

  /** The environment variable naming the folder of the IDX files (or its parent). */
  public static final String ENVIRONMENT_VARIABLE = "LAMINA_DATA";

  /** The system property naming the folder of the IDX files (or its parent); wins over the variable. */
  public static final String SYSTEM_PROPERTY = "lamina.data";

  /**
   * The environment variable, and system property when lower-cased with dots, that replaces the
   * download {@link #MIRROR}: {@code LAMINA_FASHION_MNIST_MIRROR} / {@code lamina.fashion.mnist.mirror}.
   */
  public static final String MIRROR_VARIABLE = "LAMINA_FASHION_MNIST_MIRROR";

  /** The system property that replaces the download {@link #MIRROR}; wins over {@link #MIRROR_VARIABLE}. */
  public static final String MIRROR_PROPERTY = "lamina.fashion.mnist.mirror";

  /** The download location documented by the Fashion-MNIST project (its README, "Get the Data"). */
  public static final URI MIRROR = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

  /** Debian's folder for the package {@code dataset-fashion-mnist}. */
  static final Path DEBIAN_FOLDER = Path.of("/usr/share/datasets/fashion-mnist");

  private static final String[] FILES = {
      "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

  /** SHA-256 of each gzip-compressed file, as published with the data set. */
  static final Map<String, String> SHA256 = Map.of(
      "train-images-idx3-ubyte.gz", "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
      "train-labels-idx1-ubyte.gz", "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
      "t10k-images-idx3-ubyte.gz", "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
      "t10k-labels-idx1-ubyte.gz", "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05");

  /**
   * Loads the data set from a folder holding the four IDX files, gzip-compressed ({@code .gz}) or
   * not.
   *
   * @throws IllegalArgumentException if a file is missing or malformed, or the files do not fit
   *     together: images must be [n, 28, 28], labels [n] with the same n (the message names the file)
   */
  public static FashionMnist load(Path folder) {
    Tensor[] t = new Tensor[4];
    Path[] files = new Path[4];
    for (int i = 0; i < 4; i++) {
      files[i] = file(folder, FILES[i]);
      t[i] = Idx.read(files[i], i % 2 == 0 ? 1f / 255 : 1f);
    }
    for (int i = 0; i < 4; i += 2) {
      checkShapes(t[i], files[i], t[i + 1], files[i + 1]);
    }
    return new FashionMnist(t[0], t[1], t[2], t[3]);
  }

  private static void checkShapes(Tensor images, Path imageFile, Tensor labels, Path labelFile) {
    if (images.rank() != 3 || images.dim(1) != SIDE || images.dim(2) != SIDE) {
      throw new IllegalArgumentException("Fashion-MNIST: " + imageFile + " must hold images of shape [n, 28, 28], but"
          + " its header gives " + Arrays.toString(images.shape()));
    }
    if (labels.rank() != 1) {
      throw new IllegalArgumentException("Fashion-MNIST: " + labelFile + " must hold labels of shape [n], but its"
          + " header gives " + Arrays.toString(labels.shape()));
    }
    if (labels.dim(0) != images.dim(0)) {
      throw new IllegalArgumentException("Fashion-MNIST: " + labelFile + " holds " + labels.dim(0) + " labels, but "
          + imageFile + " holds " + images.dim(0) + " images; they must match");
    }
  }

  /**
   * Finds the data set without downloading: the explicit folder if given (whether complete or not,
   * so that {@link #load} names what is missing), else the first complete folder among the
   * configured ones, the cache and Debian's.
   */
  public static Optional<Path> locate(@Nullable Path explicit) {
    if (explicit != null) {
      return Optional.of(explicit);
    }
    return candidates(System.getProperty(SYSTEM_PROPERTY), System.getenv(ENVIRONMENT_VARIABLE), userHome())
        .stream().filter(FashionMnist::isComplete).findFirst();
  }

  /**
   * Finds the data set as {@link #locate} does, or else downloads the missing files from the
   * mirror ({@link #mirror()}) into {@link #cacheFolder()}, telling so on standard error.
   *
   * @throws java.io.UncheckedIOException if the download fails or a file's checksum is wrong
   */
  public static Path resolve(@Nullable Path explicit) {
    return locate(explicit).orElseGet(() -> download(mirror(), cacheFolder()));
  }

  /**
   * Downloads into {@code folder} the files it does not hold yet, from {@code mirror} (a base URL:
   * each file's name is resolved against it), verifying each one's SHA-256 before an atomic rename.
   *
   * @return {@code folder}
   * @throws java.io.UncheckedIOException naming the file, the expected and actual checksum, when a
   *     download is corrupted; nothing of that file is left in {@code folder}
   * @throws IllegalArgumentException if {@code mirror} is not an absolute http or https URL
   */
  public static Path download(URI mirror, Path folder) {
    Download.requireHttp(mirror, "Fashion-MNIST: the mirror");
    URI base = mirror.toString().endsWith("/") ? mirror : URI.create(mirror + "/");
    for (String name : FILES) {
      String gz = name + ".gz";
      if (!Files.isRegularFile(folder.resolve(gz)) && !Files.isRegularFile(folder.resolve(name))) {
        URI source = base.resolve(gz);
        LOG.log(System.Logger.Level.INFO, "Fashion-MNIST: downloading " + source + " to " + folder.resolve(gz));
        Download.fetch(source, folder.resolve(gz), SHA256.get(gz));
      }
    }
    return folder;
  }

  /** The download location: {@code -Dlamina.fashion.mnist.mirror}, else {@code $LAMINA_FASHION_MNIST_MIRROR}, else {@link #MIRROR}. */
  public static URI mirror() {
    return mirror(System.getProperty(MIRROR_PROPERTY), System.getenv(MIRROR_VARIABLE));
  }

  /**
   * The mirror for a given configuration.
   *
   * @throws IllegalArgumentException naming the system property or environment variable it came
   *     from, if the chosen value is not an absolute http or https URL
   */
  static URI mirror(@Nullable String property, @Nullable String env) {
    boolean fromProperty = property != null && !property.isBlank();
    String chosen = fromProperty ? property : env;
    if (chosen == null || chosen.isBlank()) {
      return MIRROR;
    }
    String origin = fromProperty ? "system property " + MIRROR_PROPERTY : "environment variable " + MIRROR_VARIABLE;
    URI uri;
    try {
      uri = URI.create(chosen.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Fashion-MNIST: the mirror must be a URL, but was '" + chosen
          + "' (from the " + origin + ")", e);
    }
    Download.requireHttp(uri, "Fashion-MNIST: the mirror (from the " + origin + ")");
    return uri;
  }


  /** Where downloads go: {@code ~/.cache/lamina/fashion-mnist}. */
  public static Path cacheFolder() {
    return cacheFolder(userHome());
  }

  /** The folders looked at, in order, for the given configuration (the explicit folder aside). */
  static List<Path> candidates(@Nullable String property, @Nullable String env, Path home) {
    List<Path> result = new ArrayList<>();
    for (String base : new String[] {property, env}) {
      if (base != null && !base.isBlank()) {
        Path p = Path.of(base);
        result.add(p);
        result.add(p.resolve("fashion-mnist"));
      }
    }
    result.add(cacheFolder(home));
    result.add(DEBIAN_FOLDER);
    return result;
  }

  static boolean isComplete(Path folder) {
    for (String f : FILES) {
      if (!Files.isRegularFile(folder.resolve(f + ".gz")) && !Files.isRegularFile(folder.resolve(f))) {
        return false;
      }
    }
    return true;
  }

  private static Path cacheFolder(Path home) {
    return home.resolve(".cache").resolve("lamina").resolve("fashion-mnist");
  }

  private static Path userHome() {
    return Path.of(System.getProperty("user.home"));
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
