// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import dev.lamina.model.Model;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import java.util.Arrays;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The reference workloads of {@code shared/bench/README.md}, by the names its PyTorch scripts
 * take: what each trains or times, with which defaults, and which script is its PyTorch side; and
 * Lamina's serving workloads, which have none.
 *
 * <table>
 *   <caption>The workloads</caption>
 *   <tr><th>name</th><th>model ({@link BenchModels})</th><th>measure</th></tr>
 *   <tr><td>bn (W1)</td><td>784-300-100-10 ELU with BN</td><td>Adam 1e-3 (eps 1e-7), batch 32, 3 epochs, 60,000 images</td></tr>
 *   <tr><td>plain (W2)</td><td>784-300-100-10 ReLU</td><td>SGD 0.01, batch 256, 3 epochs, 60,000 images</td></tr>
 *   <tr><td>infer (W3)</td><td>the bn model</td><td>batch 1 µs per call; batch 1024 samples/s</td></tr>
 *   <tr><td>cnn (W4)</td><td>VGG-style CNN</td><td>Adam 1e-3 (eps 1e-7), batch 64, 2 epochs, first 12,000 images</td></tr>
 *   <tr><td>resnet (W5)</td><td>3-block ResNet with BN</td><td>Adam 1e-3 (eps 1e-7), batch 64, 2 epochs, first 12,000 images</td></tr>
 *   <tr><td>cnn-infer (W6)</td><td>the cnn model</td><td>batch 1 µs per call; batch 256 samples/s over 4,096 images</td></tr>
 *   <tr><td>serve</td><td>the bn model</td><td>predictions/s and bytes per call at 1, 2, 16 client threads ({@link ServingBench})</td></tr>
 *   <tr><td>cnn-serve</td><td>the cnn model</td><td>the same</td></tr>
 * </table>
 *
 * <p>Test accuracy is always on all 10,000 test images. The convolutional workloads see images
 * {@code [1, 28, 28]} (channels first), the dense ones {@code [28, 28]}.
 */
enum Workload {
  BN("bn", "torch_mlp.py", BenchModels::bn, Workload::adam, 32, 3, 0, false, null, null),
  PLAIN("plain", "torch_mlp.py", BenchModels::plain, () -> Optimizers.sgd().learningRate(0.01).build(), 256, 3, 0,
      false, null, null),
  INFER("infer", "torch_mlp.py", BenchModels::bn, null, 1024, 0, 0, false,
      new InferenceBench.Plan(20_000, 5000, 7, 10_000, 3, 3, false), null),
  CNN("cnn", "torch_cnn.py", BenchModels::cnn, Workload::adam, 64, 2, 12_000, true, null, null),
  RESNET("resnet", "torch_cnn.py", BenchModels::resnet, Workload::adam, 64, 2, 12_000, true, null, null),
  CNN_INFER("cnn-infer", "torch_cnn.py", BenchModels::cnn, null, 256, 0, 0, true,
      new InferenceBench.Plan(3000, 1000, 5, 4096, 1, 2, true), null),
  // Serving has no PyTorch side. Warm-ups as the inference workloads' (the cnn's last JIT
  // compilations settle after ~3,000 batch-1 calls); calls per client thread.
  SERVE("serve", null, BenchModels::bn, null, ServingBench.BATCH, 0, 0, false, null,
      new ServingBench.Plan(20_000, 5000, 5)),
  CNN_SERVE("cnn-serve", null, BenchModels::cnn, null, ServingBench.BATCH, 0, 0, true, null,
      new ServingBench.Plan(3000, 200, 3));

  private final String id;
  private final @Nullable String script;
  private final LongFunction<? extends Model> model;
  private final @Nullable Supplier<Optimizer> optimizer;
  private final int batch;
  private final int epochs;
  private final int trainSamples;
  private final boolean images;
  private final InferenceBench.@Nullable Plan plan;
  private final ServingBench.@Nullable Plan serving;

  Workload(String id, @Nullable String script, LongFunction<? extends Model> model,
      @Nullable Supplier<Optimizer> optimizer, int batch, int epochs, int trainSamples, boolean images,
      InferenceBench.@Nullable Plan plan, ServingBench.@Nullable Plan serving) {
    this.id = id;
    this.script = script;
    this.model = model;
    this.optimizer = optimizer;
    this.batch = batch;
    this.epochs = epochs;
    this.trainSamples = trainSamples;
    this.images = images;
    this.plan = plan;
    this.serving = serving;
  }

  /** The workload of that name. */
  static Workload named(String name) {
    for (Workload w : values()) {
      if (w.id.equals(name)) {
        return w;
      }
    }
    throw new IllegalArgumentException("unknown workload '" + name + "'; use " + names(", ", " or "));
  }

  /** The names joined: {@code names("|", "|")} is {@code bn|plain|infer|cnn|resnet|cnn-infer}. */
  static String names(String separator, String last) {
    String all = Arrays.stream(values()).map(Workload::id).collect(Collectors.joining(separator));
    int cut = all.lastIndexOf(separator);
    return all.substring(0, cut) + last + all.substring(cut + separator.length());
  }

  /** The name the scripts and {@code lamina bench --workload} take. */
  String id() {
    return id;
  }

  /**
   * The file name of the PyTorch script in {@code shared/bench} that runs this workload.
   *
   * @throws IllegalArgumentException if it has none (serving)
   */
  String script() {
    if (script == null) {
      throw new IllegalArgumentException(id + " has no PyTorch counterpart (the scripts do not serve from several"
          + " threads); run it without --vs-pytorch");
    }
    return script;
  }

  /** Whether a PyTorch script runs this workload too (every one but serving). */
  boolean comparedWithPyTorch() {
    return script != null;
  }

  /** A new model, initialised from {@code seed}. */
  Model model(long seed) {
    return model.apply(seed);
  }

  boolean training() {
    return plan == null && serving == null;
  }

  /** A new optimizer for training. */
  Optimizer optimizer() {
    if (optimizer == null) {
      throw new IllegalStateException(id + " is an inference workload");
    }
    return optimizer.get();
  }

  /** The training batch size, or the batch of the inference throughput. */
  int batch() {
    return batch;
  }

  /** The default number of training epochs (0 for inference). */
  int epochs() {
    return epochs;
  }

  /** How many of the first training images a run uses by default; 0 for all. */
  int trainSamples() {
    return trainSamples;
  }

  /** Whether {@code --train-samples} applies: the CNN script takes it, the MLP script trains on all images. */
  boolean takesTrainSamples() {
    return training() && "torch_cnn.py".equals(script);
  }

  /** Whether the model is convolutional (its inputs images [1, 28, 28]). */
  boolean convolutional() {
    return images;
  }

  /** How the inference workloads time their calls; null for training and serving. */
  InferenceBench.@Nullable Plan plan() {
    return plan;
  }

  /** How the serving workloads time their calls; null for the others. */
  ServingBench.@Nullable Plan serving() {
    return serving;
  }

  /** The RESULT key of the throughput compared with PyTorch's: training or batch inference samples/s. */
  String throughputKey() {
    return training() ? "samples_per_s_median" : "b" + batch + "_samples_per_s_median";
  }

  /** Fashion-MNIST images [n, 28, 28] in this workload's input shape: as they are, or [n, 1, 28, 28]. */
  Tensor inputs(Tensor pictures) {
    int[] s = pictures.shape();
    return images ? pictures.reshape(s[0], 1, s[1], s[2]) : pictures;
  }

  private static Optimizer adam() {
    return Optimizers.adam().learningRate(1e-3).epsilon(1e-7).build();
  }
}
