// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static dev.lamina.activations.ActivationGradientCheckTest.MARGIN;
import static dev.lamina.activations.ActivationGradientCheckTest.awayFromKinks;
import static dev.lamina.activations.ActivationGradientCheckTest.awayFromZero;
import static dev.lamina.activations.ActivationGradientCheckTest.gaussian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.lamina.activations.Activation;
import dev.lamina.activations.ActivationGradientCheckTest;
import dev.lamina.activations.Activations;
import dev.lamina.tensor.Matrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contract: every layer's {@code backward} gives the gradients of its {@code forward} with respect to
 * every input and every trainable parameter, checked by {@link GradientCheck} (central finite
 * differences as {@link ActivationGradientCheckTest}: L = Σ y·r, float32 forward, L in double,
 * h = 1e-2, |analytic − numeric| ≤ 1e-3 + 1e-2·|numeric|), on random non-zero weights and on
 * inputs and pre-activations at least 0.1 from the kinks.
 *
 * <p>The layers come from ONE place, {@link #layers()}, and {@link #everyLayerKindIsChecked()} fails
 * when a concrete public {@link Layer} subclass of {@code dev.lamina.layers} has no entry, so a new
 * layer cannot go without a gradient check.
 */
class LayerGradientCheckTest {
  private static final int BATCH = 3;

  /** One layer configuration to check, with the per-sample shape of each of its inputs. */
  record Case(String name, Supplier<LayerSpec> spec, Mode mode, int[]... inputShapes) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Every layer configuration to check. */
  static List<Case> layers() {
    List<Case> cases = new ArrayList<>();
    for (Activation a : ActivationGradientCheckTest.activations()) {
      cases.add(new Case("Dense(" + a + ", bias)", () -> Dense.builder(3).activation(a).useBias(true), Mode.TRAIN, new int[] {4}));
      cases.add(new Case("Dense(" + a + ", no bias)", () -> Dense.builder(3).activation(a).useBias(false), Mode.TRAIN, new int[] {4}));
      cases.add(new Case("Activation(" + a + ")", () -> new ActivationLayer.Spec(a, null), Mode.TRAIN, new int[] {5}));
    }
    // wide enough for the vector loops of the matrix kernel (not only their scalar tails)
    cases.add(new Case("Dense(tanh, 11 -> 19, bias)", () -> Dense.builder(19).activation(Activations.TANH), Mode.TRAIN,
        new int[] {11}));
    cases.add(new Case("Flatten([2, 3])", () -> Flatten.spec(null), Mode.TRAIN, new int[] {2, 3}));
    for (Activation a : List.of(Activations.RELU, Activations.ELU)) {
      // the fused bias + ReLU/ELU vector kernels, beyond their scalar tails
      cases.add(new Case("Dense(" + a + ", 11 -> 19, bias)", () -> Dense.builder(19).activation(a), Mode.TRAIN, new int[] {11}));
    }
    cases.add(new Case("PReLU (random alpha)", PReLU.Spec::new, Mode.TRAIN, new int[] {5}));
    cases.add(new Case("PReLU (shared alpha)", () -> new PReLU.Spec().shared(true), Mode.TRAIN, new int[] {5}));
    cases.add(new Case("RReLU MONTE_CARLO", RReLU.Spec::new, Mode.MONTE_CARLO, new int[] {5}));
    cases.add(new Case("RReLU INFER", RReLU.Spec::new, Mode.INFER, new int[] {5}));
    cases.add(new Case("RReLU(0.1, 0.6) INFER", () -> new RReLU.Spec(0.1, 0.6, null), Mode.INFER, new int[] {5}));
    // training: the slopes drawn are replayed for every forward pass (see checkRandomSlopes too)
    cases.add(new Case("RReLU TRAIN", RReLU.Spec::new, Mode.TRAIN, new int[] {5}));
    // training: through the batch mean and variance
    cases.add(new Case("BatchNormalization TRAIN", BatchNormalization.Spec::new, Mode.TRAIN, new int[] {5}));
    cases.add(new Case("BatchNormalization(center=false, scale=false) TRAIN",
        () -> new BatchNormalization.Spec().center(false).scale(false), Mode.TRAIN, new int[] {4}));
    cases.add(new Case("BatchNormalization(center only) TRAIN", () -> new BatchNormalization.Spec().scale(false),
        Mode.TRAIN, new int[] {4}));
    cases.add(new Case("BatchNormalization(scale only) TRAIN", () -> new BatchNormalization.Spec().center(false),
        Mode.TRAIN, new int[] {4}));
    // 33 features: the vector kernels and their overlapping last vector, not only the scalar loops
    cases.add(new Case("BatchNormalization(33 features) TRAIN", BatchNormalization.Spec::new, Mode.TRAIN, new int[] {33}));
    cases.add(new Case("BatchNormalization(33 features) INFER", BatchNormalization.Spec::new, Mode.INFER, new int[] {33}));
    cases.add(new Case("BatchNormalization INFER", BatchNormalization.Spec::new, Mode.INFER, new int[] {5}));
    cases.add(new Case("BatchNormalization(statisticsFrozen) TRAIN",
        () -> new BatchNormalization.Spec().statisticsFrozen(true), Mode.TRAIN, new int[] {5}));
    // dropout: the mask is replayed for every forward pass (GradientCheck reseeds)
    cases.add(new Case("Dropout(0.4) TRAIN", () -> new Dropout.Spec(0.4, null), Mode.TRAIN, new int[] {6}));
    cases.add(new Case("Dropout(0.4) MONTE_CARLO", () -> new Dropout.Spec(0.4, null), Mode.MONTE_CARLO, new int[] {6}));
    cases.add(new Case("Dropout(0.4) INFER", () -> new Dropout.Spec(0.4, null), Mode.INFER, new int[] {6}));
    cases.add(new Case("AlphaDropout(0.3) TRAIN", () -> new AlphaDropout.Spec(0.3, null), Mode.TRAIN, new int[] {6}));
    cases.add(new Case("AlphaDropout(0.3) INFER", () -> new AlphaDropout.Spec(0.3, null), Mode.INFER, new int[] {6}));
    // fixed preprocessing: per-feature and broadcast statistics, no trainable weights
    cases.add(new Case("Normalization(per feature)", () -> new Normalization.Spec(new float[] {0.5f, -1f, 2f, 0f, 3f},
        new float[] {4f, 0.25f, 1f, 9f, 2f}), Mode.TRAIN, new int[] {5}));
    cases.add(new Case("Normalization(scalar, [2, 3])", () -> new Normalization.Spec(new float[] {0.3f}, new float[] {0.5f}),
        Mode.INFER, new int[] {2, 3}));
    cases.add(new Case("Rescaling(1/255)", () -> new Rescaling.Spec(1 / 255.0, 0), Mode.TRAIN, new int[] {4}));
    cases.add(new Case("Rescaling(per feature)", () -> new Rescaling.Spec(new float[] {2f, -0.5f, 3f},
        new float[] {1f, 0f, -2f}, null, true), Mode.TRAIN, new int[] {3}));
    // merges: two and three inputs (Maximum's inputs are random, so ties have probability 0)
    cases.add(new Case("Add(2 inputs)", () -> new Add.Spec(null), Mode.TRAIN, new int[] {4}, new int[] {4}));
    cases.add(new Case("Add(3 inputs, [2, 3])", () -> new Add.Spec(null), Mode.TRAIN, new int[] {2, 3}, new int[] {2, 3},
        new int[] {2, 3}));
    cases.add(new Case("Subtract", () -> new Subtract.Spec(null), Mode.TRAIN, new int[] {5}, new int[] {5}));
    cases.add(new Case("Multiply(2 inputs)", () -> new Multiply.Spec(null), Mode.TRAIN, new int[] {4}, new int[] {4}));
    cases.add(new Case("Multiply(3 inputs)", () -> new Multiply.Spec(null), Mode.TRAIN, new int[] {3}, new int[] {3},
        new int[] {3}));
    cases.add(new Case("Average(3 inputs)", () -> new Average.Spec(null), Mode.TRAIN, new int[] {4}, new int[] {4},
        new int[] {4}));
    cases.add(new Case("Maximum(3 inputs)", () -> new Maximum.Spec(null), Mode.TRAIN, new int[] {6}, new int[] {6},
        new int[] {6}));
    cases.add(new Case("Concatenate(last axis)", () -> new Concatenate.Spec(), Mode.TRAIN, new int[] {3}, new int[] {2}));
    cases.add(new Case("Concatenate(axis 1 of [C, H, W])", () -> new Concatenate.Spec(1, null), Mode.TRAIN,
        new int[] {2, 2, 3}, new int[] {1, 2, 3}, new int[] {3, 2, 3}));
    cases.add(new Case("Concatenate(axis 2 of [C, H, W])", () -> new Concatenate.Spec(2, null), Mode.TRAIN,
        new int[] {2, 1, 3}, new int[] {2, 2, 3}));
    convolutions(cases);
    cases.addAll(imageLayers());
    return cases;
  }

  /**
   * Pooling, padding, reshaping and channel batch normalisation on images of odd sizes: windows
   * larger than the stride, padding that does not divide evenly, ceil mode, one channel and 33.
   * Max pooling gets inputs without near ties ({@link #separated}).
   */
  static List<Case> imageLayers() {
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("MaxPooling2D(2x2), one channel, odd width", () -> new MaxPooling2D.Spec(2, 2), Mode.TRAIN,
        new int[] {1, 6, 7}));
    cases.add(new Case("MaxPooling2D(3x3, stride 2, padding 1)", () -> new MaxPooling2D.Spec(3, 3).strides(2)
        .padding(Padding.of(1, 1)), Mode.TRAIN, new int[] {3, 7, 7}));
    cases.add(new Case("MaxPooling2D(3x3, stride 2, ceil mode)", () -> new MaxPooling2D.Spec(3, 3).strides(2).ceilMode(true),
        Mode.TRAIN, new int[] {2, 8, 8}));
    cases.add(new Case("MaxPooling2D(3x2, strides 2x1, padding 1/0/0/1, ceil mode)", () -> new MaxPooling2D.Spec(3, 2)
        .strides(2, 1).padding(Padding.of(1, 0, 0, 1)).ceilMode(true), Mode.TRAIN, new int[] {2, 6, 5}));
    cases.add(new Case("MaxPooling2D(2x2, same), 33 channels", () -> new MaxPooling2D.Spec(2, 2).padding(Padding.SAME),
        Mode.TRAIN, new int[] {33, 5, 5}));
    for (boolean include : new boolean[] {false, true}) {
      String pad = include ? ", countIncludePad" : "";
      cases.add(new Case("AveragePooling2D(3x3, stride 2, padding 1" + pad + ")", () -> new AveragePooling2D.Spec(3, 3)
          .strides(2).padding(Padding.of(1, 1)).countIncludePad(include), Mode.TRAIN, new int[] {3, 7, 7}));
      cases.add(new Case("AveragePooling2D(3x3, stride 2, padding 1, ceil mode" + pad + ")", () -> new AveragePooling2D
          .Spec(3, 3).strides(2).padding(Padding.of(1, 1)).ceilMode(true).countIncludePad(include), Mode.TRAIN,
          new int[] {2, 6, 6}));
      cases.add(new Case("AveragePooling2D(2x3, strides 1x2, same" + pad + "), 33 channels", () -> new AveragePooling2D
          .Spec(2, 3).strides(1, 2).padding(Padding.SAME).countIncludePad(include), Mode.TRAIN, new int[] {33, 3, 4}));
    }
    cases.add(new Case("AveragePooling2D(2x2), one channel, odd size", () -> new AveragePooling2D.Spec(2, 2), Mode.TRAIN,
        new int[] {1, 5, 7}));
    cases.add(new Case("GlobalAveragePooling2D, 33 channels", GlobalAveragePooling2D.Spec::new, Mode.TRAIN,
        new int[] {33, 3, 5}));
    cases.add(new Case("GlobalAveragePooling2D(keepdims), one channel", () -> new GlobalAveragePooling2D.Spec().keepdims(true),
        Mode.TRAIN, new int[] {1, 4, 3}));
    cases.add(new Case("GlobalMaxPooling2D, 33 channels", GlobalMaxPooling2D.Spec::new, Mode.TRAIN, new int[] {33, 3, 3}));
    cases.add(new Case("GlobalMaxPooling2D(keepdims)", () -> new GlobalMaxPooling2D.Spec().keepdims(true), Mode.TRAIN,
        new int[] {2, 5, 3}));
    cases.add(new Case("ZeroPadding2D(1/2/0/3)", () -> new ZeroPadding2D.Spec(1, 2, 0, 3, null), Mode.TRAIN,
        new int[] {2, 3, 4}));
    cases.add(new Case("ZeroPadding2D(1), one channel", () -> new ZeroPadding2D.Spec(1), Mode.TRAIN, new int[] {1, 2, 3}));
    cases.add(new Case("UpSampling2D(2x3)", () -> new UpSampling2D.Spec(2, 3, null), Mode.TRAIN, new int[] {2, 3, 2}));
    cases.add(new Case("UpSampling2D(2), 33 channels", () -> new UpSampling2D.Spec(2), Mode.TRAIN, new int[] {33, 2, 1}));
    cases.add(new Case("Reshape(-1, 3)", () -> new Reshape.Spec(new int[] {-1, 3}, null), Mode.TRAIN, new int[] {2, 3, 2}));
    cases.add(new Case("Permute(3, 1, 2)", () -> new Permute.Spec(new int[] {3, 1, 2}, null), Mode.TRAIN,
        new int[] {2, 3, 4}));
    cases.add(new Case("Permute(2, 1)", () -> new Permute.Spec(new int[] {2, 1}, null), Mode.TRAIN, new int[] {3, 5}));
    for (Mode mode : Mode.values()) {
      cases.add(new Case("SpatialDropout2D(0.4) " + mode, () -> new SpatialDropout2D.Spec(0.4, null), mode,
          new int[] {5, 2, 3}));
    }
    cases.add(new Case("BatchNormalization([3, 4, 5]) TRAIN", BatchNormalization.Spec::new, Mode.TRAIN, new int[] {3, 4, 5}));
    cases.add(new Case("BatchNormalization([1, 5, 5], one channel) TRAIN", BatchNormalization.Spec::new, Mode.TRAIN,
        new int[] {1, 5, 5}));
    cases.add(new Case("BatchNormalization([33, 2, 3]) TRAIN", BatchNormalization.Spec::new, Mode.TRAIN, new int[] {33, 2, 3}));
    cases.add(new Case("BatchNormalization([33, 2, 3]) INFER", BatchNormalization.Spec::new, Mode.INFER, new int[] {33, 2, 3}));
    cases.add(new Case("BatchNormalization([3, 4, 5], center=false, scale=false) TRAIN",
        () -> new BatchNormalization.Spec().center(false).scale(false), Mode.TRAIN, new int[] {3, 4, 5}));
    cases.add(new Case("BatchNormalization([2, 3, 3], statisticsFrozen) TRAIN",
        () -> new BatchNormalization.Spec().statisticsFrozen(true), Mode.TRAIN, new int[] {2, 3, 3}));
    cases.add(new Case("BatchNormalization([4, 7], per channel of sequences) TRAIN", BatchNormalization.Spec::new,
        Mode.TRAIN, new int[] {4, 7}));
    return cases;
  }

  /**
   * Convolutions on odd sizes: kernels larger than the stride, padding that does not divide evenly
   * (the last rows and columns never read), Keras 'same' with an odd total, one channel, 33
   * channels, groups, dilation, 1×1, a depth multiplier of 2.
   */
  private static void convolutions(List<Case> cases) {
    cases.add(new Case("Conv2D(3×3, valid)", () -> Conv2D.builder(3, 3), Mode.TRAIN, new int[] {2, 5, 5}));
    cases.add(new Case("Conv2D(relu, 2×2, one channel)", () -> Conv2D.builder(2, 2).activation(Activations.RELU),
        Mode.TRAIN, new int[] {1, 3, 3}));
    cases.add(new Case("Conv2D(5×4, strides 3×2, pads 1/1/2/2, no bias)", () -> Conv2D.builder(3, 5).kernelSize(5, 4)
        .strides(3, 2).padding(1, 1, 2, 2).useBias(false), Mode.TRAIN, new int[] {2, 8, 9}));
    cases.add(new Case("Conv2D(same, stride 2, even size)", () -> Conv2D.builder(2, 3).strides(2).padding(Padding.SAME),
        Mode.TRAIN, new int[] {3, 6, 6}));
    cases.add(new Case("Conv2D(33 channels, same)", () -> Conv2D.builder(2, 3).padding(Padding.SAME), Mode.TRAIN,
        new int[] {33, 3, 3}));
    cases.add(new Case("Conv2D(groups 3, dilation 2, same)", () -> Conv2D.builder(3, 3).groups(3).dilationRate(2)
        .padding(Padding.SAME), Mode.TRAIN, new int[] {6, 5, 5}));
    cases.add(new Case("Conv2D(1×1, groups 2)", () -> Conv2D.builder(4, 1).groups(2), Mode.TRAIN, new int[] {4, 3, 3}));
    cases.add(new Case("Conv1D(3, stride 2, pads 1/1)", () -> Conv1D.builder(4, 3).strides(2).padding(1), Mode.TRAIN,
        new int[] {3, 9}));
    cases.add(new Case("Conv1D(causal, dilation 2, groups 2)", () -> Conv1D.builder(4, 3).padding(Padding.CAUSAL)
        .dilationRate(2).groups(2), Mode.TRAIN, new int[] {2, 7}));
    cases.add(new Case("Conv1D(33 channels, same, stride 3)", () -> Conv1D.builder(2, 4).strides(3).padding(Padding.SAME),
        Mode.TRAIN, new int[] {33, 8}));
    cases.add(new Case("DepthwiseConv2D(same, multiplier 2)", () -> DepthwiseConv2D.builder(3).depthMultiplier(2)
        .padding(Padding.SAME), Mode.TRAIN, new int[] {3, 5, 5}));
    cases.add(new Case("DepthwiseConv2D(5×4, strides 3×2, pads 1/1/2/2, dilation 1×2)", () -> DepthwiseConv2D.builder(5)
        .kernelSize(5, 4).strides(3, 2).padding(1, 1, 2, 2).dilationRate(1, 2), Mode.TRAIN, new int[] {2, 8, 11}));
    cases.add(new Case("DepthwiseConv2D(relu, one channel)", () -> DepthwiseConv2D.builder(2).activation(Activations.RELU),
        Mode.TRAIN, new int[] {1, 3, 3}));
    cases.add(new Case("SeparableConv2D(same, multiplier 2)", () -> SeparableConv2D.builder(3, 3).depthMultiplier(2)
        .padding(Padding.SAME), Mode.TRAIN, new int[] {2, 5, 5}));
    cases.add(new Case("SeparableConv2D(stride 2, no bias)", () -> SeparableConv2D.builder(2, 3).strides(2).useBias(false),
        Mode.TRAIN, new int[] {3, 6, 6}));
  }

  static Stream<Arguments> cases() {
    return layers().stream().map(c -> Arguments.of(c));
  }

  /**
   * Every concrete public subclass of {@link Layer} in {@code dev.lamina.layers}, found among the
   * compiled classes next to {@code Layer.class} (a directory or a jar), has a case in
   * {@link #layers()}.
   */
  @Test
  void everyLayerKindIsChecked() {
    Set<Class<?>> checked = layers().stream().map(c -> c.spec().get().create().getClass()).collect(Collectors.toSet());
    List<Class<?>> layerClasses = concreteLayerClasses();
    assertTrue(layerClasses.containsAll(List.of(Dense.class, BatchNormalization.class, Dropout.class, Flatten.class)),
        "the scan must find Lamina's layers, but found " + layerClasses);
    Set<String> missing = new TreeSet<>();
    for (Class<?> k : layerClasses) {
      if (!checked.contains(k)) {
        missing.add(k.getName());
      }
    }
    assertTrue(missing.isEmpty(), missing + " have no gradient check: add them to LayerGradientCheckTest.layers()");
  }

  /** The public, non-abstract subclasses of {@link Layer} among the classes of its package where it was loaded from. */
  static List<Class<?>> concreteLayerClasses() {
    String packagePath = Layer.class.getPackageName().replace('.', '/');
    List<String> names = new ArrayList<>();
    try {
      URI location = Layer.class.getProtectionDomain().getCodeSource().getLocation().toURI();
      Path root = Path.of(location);
      if (Files.isDirectory(root)) {
        names.addAll(classNames(root.resolve(packagePath)));
      } else {
        try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + location), Map.of())) {
          names.addAll(classNames(jar.getPath("/" + packagePath)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<Class<?>> classes = new ArrayList<>();
    for (String simple : names) {
      Class<?> c;
      try {
        c = Class.forName(Layer.class.getPackageName() + "." + simple, false, Layer.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      if (Layer.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers()) && Modifier.isPublic(c.getModifiers())
          && !c.isAnonymousClass() && !c.isLocalClass()) {
        classes.add(c);
      }
    }
    return classes;
  }

  /** The binary names (without the package) of the classes directly in {@code dir}. */
  private static List<String> classNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class") && !n.equals("package-info.class")
          && !n.equals("module-info.class")).map(n -> n.substring(0, n.length() - ".class".length())).sorted().toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void backwardIsTheGradientOfForward(Case c) {
    SplittableRandom random = new SplittableRandom(c.name().hashCode());
    LayerRun run = LayerRun.of(c.spec().get(), 1, c.inputShapes());
    Layer layer = run.layer();
    for (Parameter p : layer.parameters()) { // random non-zero values (PReLU's alpha starts at 0)
      System.arraycopy(awayFromZero(random, p.size(), 0.8), 0, p.value(), 0, p.size());
      if (p.localName().equals("moving_variance") || p.localName().equals("variance")) { // a variance is positive
        for (int i = 0; i < p.size(); i++) {
          p.value()[i] = Math.abs(p.value()[i]);
        }
      }
    }
    Matrix[] x = sampleInputs(run, c, random);

    if (layer instanceof RReLU rrelu && c.mode() == Mode.TRAIN) {
      checkRandomSlopes(c, run, rrelu, x[0], random);
    }
    if (layer instanceof DropoutBase d && c.mode().dropsUnits()) {
      checkMask(c, run, d, x[0], random);
    }

    GradientCheck.Result result = GradientCheck.of(run).mode(c.mode()).seed(c.name().hashCode()).inputs(x).check();
    assertEquals(c.inputShapes().length, result.inputs().size(), c + ": every input is checked");
    for (Parameter p : layer.parameters()) {
      if (p.isState()) {
        assertFalse(p.isTrainable(), p.name() + " is state, not trained");
      } else {
        assertTrue(p.isTrainable(), p.name());
        assertTrue(result.parameter(p.name()).size() == p.size(), c + ": " + p.name() + " is checked");
      }
    }
    System.out.printf("[gradcheck] %-60s worst %.1f%% of tolerance%n", c, 100 * result.worstRatio());
  }

  /**
   * Random inputs with |x| ≥ {@link ActivationGradientCheckTest#MARGIN}; for a layer with a
   * pre-activation (Dense), redrawn until every pre-activation is that far from 0 and from the
   * activation's kinks ({@link ActivationGradientCheckTest#kinks}) as well, so that no step of the
   * finite differences crosses a kink.
   */
  private static Matrix[] sampleInputs(LayerRun run, Case c, SplittableRandom random) {
    for (int attempt = 0; attempt < 1000; attempt++) {
      Matrix[] x = new Matrix[c.inputShapes().length];
      boolean maximum = run.layer() instanceof MaxPooling2D || run.layer() instanceof GlobalMaxPooling2D
          || run.layer() instanceof Maximum;
      int features = Layer.features(c.inputShapes()[0]);
      Matrix all = maximum ? separated(random, BATCH, features * x.length) : null; // distinct across the inputs too
      for (int i = 0; i < x.length; i++) {
        if (maximum) {
          float[] v = new float[BATCH * features];
          for (int r = 0; r < BATCH; r++) {
            System.arraycopy(all.data(), (r * x.length + i) * features, v, r * features, features);
          }
          x[i] = Matrix.wrap(v, BATCH, features);
        } else {
          int f = Layer.features(c.inputShapes()[i]);
          x[i] = Matrix.wrap(awayFromZero(random, BATCH * f, 2.0), BATCH, f);
        }
      }
      if (!(run.layer() instanceof Activated a) || a.activation() instanceof dev.lamina.activations.Linear) {
        return x;
      }
      run.forward(c.mode(), x);
      Matrix z = a.preActivation(run.frame());
      boolean clear = true;
      for (int i = 0; i < z.size(); i++) {
        clear &= Math.abs(z.data()[i]) >= MARGIN && awayFromKinks(a.activation(), z.data()[i]);
      }
      if (clear) {
        return x;
      }
    }
    throw new AssertionError(c + ": no input with pre-activations away from 0 found");
  }

  /**
   * Inputs for layers that take maxima (max pooling, {@link Maximum}): in each sample the values
   * are distinct multiples of 0.05 (plus 0.025, so none is 0) in random order, so no perturbation
   * of the finite differences (h = 0.01) changes which value is the largest of a window.
   */
  static Matrix separated(SplittableRandom random, int rows, int features) {
    float[] v = new float[rows * features];
    for (int r = 0; r < rows; r++) {
      int[] order = new int[features];
      for (int k = 0; k < features; k++) { // Fisher-Yates: a random permutation
        int j = random.nextInt(k + 1);
        order[k] = order[j];
        order[j] = k;
      }
      for (int k = 0; k < features; k++) {
        v[r * features + k] = (float) (0.05 * (order[k] - features / 2) + 0.025);
      }
    }
    return Matrix.wrap(v, rows, features);
  }

  /**
   * RReLU in training: backward must use the slopes of the SAME forward draw. Each slope is
   * recovered from that forward as y/x (1 for x ≥ 0), must lie in [lower, upper], and dx must be
   * slope·dy; a second pass without reseeding draws other slopes, and reseeding replays them.
   */
  private static void checkRandomSlopes(Case c, LayerRun run, RReLU layer, Matrix xm, SplittableRandom random) {
    float[] x = copy(xm);
    run.reseed(SEED);
    float[] y = copy(run.forward(Mode.TRAIN, xm));
    float[] r = gaussian(random, y.length);
    float[] dx = copy(run.backward(Matrix.wrap(r.clone(), xm.rows(), xm.cols())));
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < x.length; i++) {
      double slope = x[i] >= 0 ? 1 : (double) y[i] / x[i];
      if (x[i] < 0) {
        assertTrue(slope >= layer.lower() - 1e-6 && slope <= layer.upper() + 1e-6,
            c + ": slope " + slope + " outside [" + layer.lower() + ", " + layer.upper() + "]");
        min = Math.min(min, (float) slope);
        max = Math.max(max, (float) slope);
      }
      double expected = slope * r[i];
      if (!(Math.abs(dx[i] - expected) <= 1e-6 * Math.abs(r[i]) + 1e-7)) {
        fail(c + ": dx[" + i + "] = " + dx[i] + ", but the forward's slope " + slope + " times dy " + r[i] + " is " + expected);
      }
    }
    assertTrue(max > min, c + ": training draws a slope per element, but all were " + min);
    float[] y2 = copy(run.forward(Mode.TRAIN, xm));
    assertFalse(Arrays.equals(y, y2), c + ": two training passes drew the same slopes");
    run.reseed(SEED);
    assertArrayEquals(y, copy(run.forward(Mode.TRAIN, xm)), 0f, c + ": reseeding replays the slopes");
  }

  private static final long SEED = 12345;

  /**
   * Dropout in a dropping mode: some but not all elements are dropped, every element is either
   * the kept affine map a·x + b (dx = a·dy) or the dropped value (dx = 0), a second pass without
   * reseeding draws another mask, and reseeding replays the mask.
   */
  private static void checkMask(Case c, LayerRun run, DropoutBase d, Matrix xm, SplittableRandom random) {
    float[] x = copy(xm);
    run.reseed(SEED);
    float[] y = copy(run.forward(c.mode(), xm));
    float[] dy = gaussian(random, y.length);
    float[] dx = copy(run.backward(Matrix.wrap(dy.clone(), xm.rows(), xm.cols())));
    boolean alpha = d instanceof AlphaDropout;
    double a = alpha ? AlphaDropout.gain(d.rate()) : 1 / (1 - d.rate());
    double b = alpha ? -a * AlphaDropout.SATURATION * d.rate() : 0;
    double dropped = alpha ? a * AlphaDropout.SATURATION + b : 0;
    int kept = 0;
    for (int i = 0; i < x.length; i++) {
      boolean isKept = Math.abs(y[i] - (a * x[i] + b)) <= 1e-5 * (1 + Math.abs(y[i]));
      boolean isDropped = Math.abs(y[i] - dropped) <= 1e-6;
      assertTrue(isKept || isDropped, c + ": y[" + i + "] = " + y[i] + " is neither a·x + b nor the dropped value");
      kept += isKept ? 1 : 0;
      double expected = isKept ? a * dy[i] : 0;
      assertEquals(expected, dx[i], 1e-6 * (1 + Math.abs(expected)), c + ": dx[" + i + "]");
    }
    assertTrue(kept > 0 && kept < x.length, c + ": " + kept + " of " + x.length + " kept");
    float[] again = copy(run.forward(c.mode(), xm));
    assertFalse(Arrays.equals(y, again), c + ": two passes drew the same mask");
    run.reseed(SEED);
    assertArrayEquals(y, copy(run.forward(c.mode(), xm)), 0f, c + ": reseeding replays the mask");
  }

  private static float[] copy(Matrix m) {
    return Arrays.copyOf(m.data(), m.size());
  }
}
