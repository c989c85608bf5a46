// SPDX-License-Identifier: Apache-2.0

package dev.lamina.bench;

import dev.lamina.math.MatMul;
import dev.lamina.math.MatMuls;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The matrix products of one single-sample forward pass through the 784→300→100→10 network
 * (W3 at batch 1 in {@code ../shared/bench/README.md}): three m = 1 products, each feeding the
 * next. Bias and activation are left out; they cost a few hundred ns, the products dominate.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmMlpForward {
  private static final int[] WIDTHS = {784, 300, 100, 10};

  private final MatMul matMul = MatMuls.best();
  private final float[][] weights = new float[WIDTHS.length - 1][];
  private final float[][] activations = new float[WIDTHS.length][];

  @Setup
  public void setUp() {
    Random rnd = new Random(1);
    for (int l = 0; l < WIDTHS.length; l++) {
      activations[l] = GemmBenchmark.random(rnd, WIDTHS[l]);
      if (l > 0) {
        weights[l - 1] = GemmBenchmark.random(rnd, WIDTHS[l - 1] * WIDTHS[l]);
      }
    }
  }

  @Benchmark
  public float[] forward() {
    for (int l = 0; l + 1 < WIDTHS.length; l++) {
      matMul.nn(1, WIDTHS[l + 1], WIDTHS[l], activations[l], weights[l], activations[l + 1],
          false);
    }
    return activations[WIDTHS.length - 1];
  }
}
