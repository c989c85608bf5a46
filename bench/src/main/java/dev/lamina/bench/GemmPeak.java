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
 * The single-core fp32 peak this JVM can reach: {@value #STEPS} steps of 16 independent FMAs on
 * preferred-width vectors, with no loads or stores in the loop. Sixteen accumulators are enough to
 * hide the FMA latency (4 cycles) on two FMA ports, so the loop is bound by FMA throughput alone.
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
  static final int ACCUMULATORS = 16;

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
    FloatVector a0 = vy, a1 = vy, a2 = vy, a3 = vy, a4 = vy, a5 = vy, a6 = vy, a7 = vy;
    FloatVector a8 = vy, a9 = vy, a10 = vy, a11 = vy, a12 = vy, a13 = vy, a14 = vy, a15 = vy;
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
      a12 = a12.fma(vx, vy);
      a13 = a13.fma(vx, vy);
      a14 = a14.fma(vx, vy);
      a15 = a15.fma(vx, vy);
    }
    FloatVector sum = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7)
        .add(a8).add(a9).add(a10).add(a11).add(a12).add(a13).add(a14).add(a15);
    return sum.lane(0);
  }
}
