// SPDX-License-Identifier: Apache-2.0

package dev.lamina.bench;

import dev.lamina.activations.Activations;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.ConvolutionAlgorithm;
import dev.lamina.layers.LayerRun;
import dev.lamina.layers.Mode;
import dev.lamina.layers.Padding;
import dev.lamina.math.WorkerPool;
import dev.lamina.tensor.Matrix;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One 3×3 convolution layer of the {@code cnn} and {@code resnet} workloads at batch 64
 * ({@code ../shared/bench/torch_cnn.py}): the forward pass, and forward plus backward (kernel,
 * bias and input gradients), on 1 or 2 threads; and the inference of one image through the layer
 * with its ReLU, as {@code cnn-infer} at batch 1 runs it. Shapes are named
 * {@code c<channels>_h<size>_f<filters>_s<stride>}; the layer pads by 1 on each side, as the
 * workloads do. A training step of {@code cnn} is about 112 Mflop per image, nearly all of it in
 * these layers: {@code 2·batch·filters·channels·9·outPixels} flops per pass, three passes per
 * training step.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ConvolutionBenchmark {
  private static final int BATCH = 64;

  @Param({"c32_h28_f32_s1", "c64_h14_f64_s1", "c16_h28_f16_s1", "c16_h28_f32_s2"})
  public String shape;

  @Param({"1", "2"})
  public int threads;

  /** {@link ConvolutionAlgorithm}: Winograd where it applies, or the direct sums. */
  @Param({"FASTEST", "DIRECT"})
  public String algorithm;

  private LayerRun run;
  private LayerRun relu;
  private Matrix x;
  private Matrix image;
  private Matrix dy;
  private WorkerPool pool;

  @Setup
  public void setUp() {
    String[] p = shape.split("_");
    int channels = Integer.parseInt(p[0].substring(1));
    int size = Integer.parseInt(p[1].substring(1));
    int filters = Integer.parseInt(p[2].substring(1));
    int stride = Integer.parseInt(p[3].substring(1));
    run = LayerRun.of(Conv2D.builder(filters, 3).strides(stride).padding(Padding.of(1, 1, 1, 1))
        .algorithm(ConvolutionAlgorithm.valueOf(algorithm)), 1,
        new int[] {channels, size, size});
    Random rnd = new Random(1);
    x = Matrix.wrap(GemmBenchmark.random(rnd, BATCH * channels * size * size), BATCH, channels * size * size);
    int out = run.layer().outputShape()[0] * run.layer().outputShape()[1] * run.layer().outputShape()[2];
    dy = Matrix.wrap(GemmBenchmark.random(rnd, BATCH * out), BATCH, out);
    pool = WorkerPool.of(threads);
    relu = LayerRun.of(Conv2D.builder(filters, 3).strides(stride).padding(Padding.of(1, 1, 1, 1))
        .activation(Activations.RELU).algorithm(ConvolutionAlgorithm.valueOf(algorithm)), 1,
        new int[] {channels, size, size});
    image = Matrix.wrap(java.util.Arrays.copyOf(x.data(), x.cols()), 1, x.cols());
  }

  @Benchmark
  public Matrix forward() {
    return pool.call(() -> run.forward(Mode.TRAIN, x));
  }

  @Benchmark
  public Matrix inferOneImage() {
    return pool.call(() -> relu.forward(Mode.INFER, image));
  }

  @Benchmark
  public Matrix forwardBackward() {
    return pool.call(() -> {
      run.forward(Mode.TRAIN, x);
      return run.backward(dy);
    });
  }
}
