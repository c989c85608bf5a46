// SPDX-License-Identifier: Apache-2.0

package dev.lamina.bench;

import dev.lamina.math.EjmlMatMul;
import dev.lamina.math.MatMul;
import dev.lamina.math.MatMuls;
import dev.lamina.math.WorkerPool;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one matrix product on the dense-layer shapes of the reference 784→300→100→10 network
 * ({@code ../shared/bench/README.md}): at batch 256 (W2) and 32 (W1), the forward product
 * {@code x·W} (NN), the weight gradient {@code xᵀ·dz} (TN) and the input gradient {@code dz·Wᵀ}
 * (NT) of the 784→300 layer, which dominates; and the m = 1 products of single-sample inference.
 * Each runs on a {@link WorkerPool} of {@code threads} threads, as in {@code fit}.
 * {@link BenchMain} turns the times into GFLOP/s and % of peak.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {

  /** The product, see {@link Shape}. */
  @Param({
      "NN_m256_k784_n300", "TN_m784_k256_n300", "NT_m256_k300_n784",
      "NN_m32_k784_n300", "TN_m784_k32_n300", "NT_m32_k300_n784",
      "NN_m1_k784_n300", "NN_m1_k300_n100", "NN_m1_k100_n10"})
  public String shape;

  /** {@code vector}: the kernel Lamina uses ({@link MatMuls#best()}); {@code ejml}: the reference. */
  @Param({"vector"})
  public String kernel;

  /** Threads of the {@link WorkerPool} the product runs on. */
  @Param({"1", "2"})
  public int threads;

  private MatMul matMul;
  private WorkerPool pool;
  private Supplier<float[]> product;
  private Shape s;
  private float[] a;
  private float[] b;
  private float[] c;

  @Setup
  public void setUp() {
    s = Shape.parse(shape);
    matMul = kernel.equals("ejml") ? new EjmlMatMul() : MatMuls.best();
    if (kernel.equals("vector") && !MatMuls.vectorApiAvailable()) {
      throw new IllegalStateException("GemmBenchmark: kernel=vector needs --add-modules"
          + " jdk.incubator.vector in the forked JVM, but the module is missing");
    }
    Random rnd = new Random(1);
    a = random(rnd, s.m() * s.k());
    b = random(rnd, s.k() * s.n());
    c = new float[s.m() * s.n()];
    pool = WorkerPool.of(threads);
    product = () -> {
      matMul.multiply(s.transA(), s.transB(), s.m(), s.n(), s.k(), a, b, c, false);
      return c;
    };
  }

  @Benchmark
  public float[] multiply() {
    return pool.call(product);
  }

  static float[] random(Random rnd, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = rnd.nextFloat() * 2 - 1;
    }
    return x;
  }
}
