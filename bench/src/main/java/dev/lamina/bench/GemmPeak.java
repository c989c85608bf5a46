// SPDX-License-Identifier: Apache-2.0

package dev.lamina.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The single-core fp32 peak this JVM can reach: {@value #STEPS} steps of 12 independent FMAs on
 * preferred-width vectors, with no loads or stores in the loop. Twelve accumulators hide the FMA
 * latency (4 cycles) on two FMA ports, and with the two operands they fit the 16 vector registers
 * of AVX2 (16 accumulators spilled there and measured a third below the peak), so the loop is
 * bound by FMA throughput alone.
 * The secondary result {@code gflop} is the rate in GFLOP/s; {@link BenchMain} compares the GEMM
 * results with it. (The rate is counted in the forked JVM because only that JVM knows the vector
 * width: the launching one may run without the Vector API module.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmPeak {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int STEPS = 1024;
  static final int ACCUMULATORS = 12;

  /** Non-final fields, so the JIT cannot fold the arithmetic into constants. */
  public float x = 0.999f;
  public float y = 1e-3f;

  /** GFLOP of one call: 2 flops per lane per FMA. */
  private static final double GFLOP_PER_CALL = 2.0 * STEPS * ACCUMULATORS * S.length() / 1e9;

  /** The work done, reported by JMH per second of the iteration: GFLOP/s. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Work {
    public double gflop;
  }

  @Benchmark
  public float fmaLoop(Work work) {
    work.gflop += GFLOP_PER_CALL;
    FloatVector vx = FloatVector.broadcast(S, x);
    FloatVector vy = FloatVector.broadcast(S, y);
    // Distinct starting values, so that the JIT cannot merge the chains into one.
    FloatVector a0 = vy;
    FloatVector a1 = vy.add(1f);
    FloatVector a2 = vy.add(2f);
    FloatVector a3 = vy.add(3f);
    FloatVector a4 = vy.add(4f);
    FloatVector a5 = vy.add(5f);
    FloatVector a6 = vy.add(6f);
    FloatVector a7 = vy.add(7f);
    FloatVector a8 = vy.add(8f);
    FloatVector a9 = vy.add(9f);
    FloatVector a10 = vy.add(10f);
    FloatVector a11 = vy.add(11f);
    for (int i = 0; i < STEPS; i++) {
      a0 = a0.fma(vx, vy);
      a1 = a1.fma(vx, vy);
      a2 = a2.fma(vx, vy);
      a3 = a3.fma(vx, vy);
      a4 = a4.fma(vx, vy);
      a5 = a5.fma(vx, vy);
      a6 = a6.fma(vx, vy);
      a7 = a7.fma(vx, vy);
      a8 = a8.fma(vx, vy);
      a9 = a9.fma(vx, vy);
      a10 = a10.fma(vx, vy);
      a11 = a11.fma(vx, vy);
    }
    FloatVector sum = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7)
       .add(a8).add(a9).add(a10).add(a11);
    return sum.lane(0);
  }
}
