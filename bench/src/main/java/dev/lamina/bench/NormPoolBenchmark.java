// SPDX-License-Identifier: Apache-2.0

package dev.lamina.bench;

import dev.lamina.activations.Activations;
import dev.lamina.layers.ActivationLayer;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Executor;
import dev.lamina.layers.Graph;
import dev.lamina.layers.Input;
import dev.lamina.layers.LayerRun;
import dev.lamina.layers.LayerSpec;
import dev.lamina.layers.MaxPooling2D;
import dev.lamina.layers.Mode;
import dev.lamina.layers.SymbolicTensor;
import dev.lamina.math.WorkerPool;
import dev.lamina.tensor.Matrix;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * One training step (forward in TRAIN mode, then backward with the input gradient) of the layers
 * between the convolutions of the CNN workloads ({@code ../shared/bench/README.md}): per-channel
 * batch normalisation on the resnet's largest and smallest feature maps, alone and followed by the
 * ReLU that the executor fuses into it ({@code bnrelu}; {@code bnreluapart}: not fused), and 2×2
 * max pooling on the cnn's first one; and, forward only, 2×2 max pooling in inference
 * ({@code maxpoolinfer}) on the cnn's first feature maps and, for one image, its second. Each runs on a {@link WorkerPool} of {@code threads} threads, as in
 * {@code fit}.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class NormPoolBenchmark {

  /** The layer and the batch's shape, {@code [batch, channels, height, width]}. */
  @Param({"bn_64x16x28x28", "bn_64x64x7x7", "bnrelu_64x16x28x28", "bnreluapart_64x16x28x28", "maxpool_64x32x28x28",
      "maxpoolinfer_64x32x28x28", "maxpoolinfer_1x64x14x14"})
  public String layer;

  /** Threads of the {@link WorkerPool} the step runs on. */
  @Param({"1", "2"})
  public int threads;

  private WorkerPool pool;
  private Supplier<Matrix> step;

  @Setup
  public void setUp() {
    String[] parts = layer.split("_");
    String[] dims = parts[1].split("x");
    int batch = Integer.parseInt(dims[0]);
    int[] sample = {Integer.parseInt(dims[1]), Integer.parseInt(dims[2]), Integer.parseInt(dims[3])};
    Random rnd = new Random(1);
    Matrix x = random(rnd, batch, sample[0] * sample[1] * sample[2]);
    pool = WorkerPool.of(threads);
    if (parts[0].startsWith("bnrelu")) { // a model's graph; the training executor fuses the ReLU into the batch norm
      Input in = Input.of(sample);
      SymbolicTensor y = new ActivationLayer.Spec(Activations.RELU, null).create()
          .apply(new BatchNormalization.Spec().create().apply(in));
      Graph graph = Graph.of(List.of(in), List.of(y));
      graph.initialize(1);
      Executor run = new Executor(graph, !parts[0].equals("bnreluapart"));
      Matrix[] dy = {random(rnd, batch, x.cols())};
      boolean[] fromPreActivation = new boolean[1];
      run.setInput(0, x);
      step = () -> {
        run.forward(Mode.TRAIN);
        run.backward(dy, fromPreActivation, true);
        return run.inputGradient(0);
      };
      return;
    }
    if (parts[0].equals("maxpoolinfer")) { // inference: no argmax, and 2×2 windows without gathers where rows fill a vector
      LayerRun run = LayerRun.of(new MaxPooling2D.Spec(2, 2), 1, sample);
      step = () -> run.forward(Mode.INFER, x);
      return;
    }
    LayerSpec spec = switch (parts[0]) {
      case "bn" -> new BatchNormalization.Spec();
      case "maxpool" -> new MaxPooling2D.Spec(2, 2);
      default -> throw new IllegalArgumentException("NormPoolBenchmark: unknown layer " + parts[0]);
    };
    LayerRun run = LayerRun.of(spec, 1, sample);
    Matrix out = pool.call(() -> run.forward(Mode.TRAIN, x));
    Matrix dy = random(rnd, batch, out.cols());
    step = () -> {
      run.forward(Mode.TRAIN, x);
      return run.backward(dy);
    };
  }

  private static Matrix random(Random rnd, int rows, int cols) {
    Matrix m = new Matrix(rows, cols);
    float[] d = m.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rnd.nextGaussian() * 2 + 0.5);
    }
    return m;
  }

  /**
   * Outside JMH, for shared machines where wall-clock times mean little: {@code java -cp
   * benchmarks.jar dev.lamina.bench.NormPoolBenchmark [reps [layer prefix]]} runs the configurations and prints
   * the least and the median thread CPU time of the calling thread per step (the whole step at 1
   * thread) and the least wall-clock time.
   */
  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    String only = args.length > 1 ? args[1] : "";
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    System.out.printf("%-22s %7s %12s %12s %12s%n", "layer", "threads", "cpu min us", "cpu med us", "wall min us");
    String[] layers;
    try {
      layers = NormPoolBenchmark.class.getField("layer").getAnnotation(Param.class).value(); // JMH's list
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
    for (String layer : layers) {
      for (int threads : new int[] {1, 2}) {
        if (!layer.startsWith(only)) {
          continue;
        }
        NormPoolBenchmark b = new NormPoolBenchmark();
        b.layer = layer;
        b.threads = threads;
        b.setUp();
        for (long end = System.nanoTime() + 3_000_000_000L; System.nanoTime() < end; ) {
          b.step();
        }
        long[] cpu = new long[reps];
        long wall = Long.MAX_VALUE;
        for (int r = 0; r < reps; r++) {
          long c0 = mx.getCurrentThreadCpuTime();
          long w0 = System.nanoTime();
          b.step();
          wall = Math.min(wall, System.nanoTime() - w0);
          cpu[r] = mx.getCurrentThreadCpuTime() - c0;
        }
        Arrays.sort(cpu);
        System.out.printf("%-22s %7d %12.1f %12.1f %12.1f%n", layer, threads, cpu[0] / 1e3, cpu[reps / 2] / 1e3,
            wall / 1e3);
      }
    }
  }

  @Benchmark
  public Matrix step() {
    return pool.call(step);
  }
}
