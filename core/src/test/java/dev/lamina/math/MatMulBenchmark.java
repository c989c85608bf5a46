package dev.lamina.math;

import java.util.Random;

/**
 * Reports GFLOP/s of {@link VectorMatMul} and {@link EjmlMatMul} on the dense-layer shapes of a
 * 784-300-100-10 network. Not a test: run it with
 * {@code java --add-modules jdk.incubator.vector -cp core/target/classes:core/target/test-classes:<deps>
 * dev.lamina.math.MatMulBenchmark}.
 */
public final class MatMulBenchmark {
  private static final double MIN_SECONDS = 0.5;

  private MatMulBenchmark() {}

  public static void main(String[] args) {
    MatMul[] kernels = {new VectorMatMul(), new EjmlMatMul()};
    int[][] shapes = {
      // m, n, k, transA, transB
      {32, 300, 784, 0, 0}, {784, 300, 32, 1, 0}, {32, 784, 300, 0, 1},
      {256, 300, 784, 0, 0}, {784, 300, 256, 1, 0}, {256, 784, 300, 0, 1},
      {32, 100, 300, 0, 0}, {300, 100, 32, 1, 0}, {32, 300, 100, 0, 1},
      {32, 10, 100, 0, 0}, {100, 10, 32, 1, 0}, {32, 100, 10, 0, 1},
      {256, 100, 300, 0, 0}, {300, 100, 256, 1, 0}, {256, 300, 100, 0, 1},
      {256, 10, 100, 0, 0}, {100, 10, 256, 1, 0}, {256, 100, 10, 0, 1},
    };
    boolean quick = args.length > 0 && args[0].equals("quick");
    boolean vectorOnly = args.length > 0 && args[args.length - 1].equals("vector");
    if (vectorOnly) {
      kernels = new MatMul[] {kernels[0]};
    }
    System.out.printf("%-22s %12s %12s %8s%n", "shape (m x n x k)", kernels[0].name(),
        vectorOnly ? "" : kernels[1].name(), vectorOnly ? "" : "ratio");
    for (int[] sh : shapes) {
      if (quick && sh[0] != 32 && sh[1] != 100 && sh[2] != 32) {
        continue;
      }
      double[] gf = new double[kernels.length];
      for (int i = 0; i < kernels.length; i++) {
        gf[i] = measure(kernels[i], sh[0], sh[1], sh[2], sh[3] == 1, sh[4] == 1);
      }
      String label = (sh[3] == 1 ? "T" : "N") + (sh[4] == 1 ? "T" : "N") + " "
          + sh[0] + "x" + sh[1] + "x" + sh[2];
      if (vectorOnly) {
        System.out.printf("%-22s %12.1f%n", label, gf[0]);
      } else {
        System.out.printf("%-22s %12.1f %12.1f %8.1f%n", label, gf[0], gf[1], gf[0] / gf[1]);
      }
    }
  }

  /** Best-of-5 GFLOP/s of one kernel on one shape, after warm-up. */
  static double measure(MatMul mm, int m, int n, int k, boolean ta, boolean tb) {
    Random rnd = new Random(1);
    float[] a = random(rnd, m * k);
    float[] b = random(rnd, k * n);
    float[] c = new float[m * n];
    double flops = 2.0 * m * n * k;
    int reps = 1;
    long deadline = System.nanoTime() + 300_000_000L;
    while (System.nanoTime() < deadline) {
      mm.multiply(ta, tb, m, n, k, a, b, c, false);
    }
    double best = 0;
    for (int round = 0; round < 5; round++) {
      long t0;
      long elapsed;
      while (true) {
        t0 = System.nanoTime();
        for (int r = 0; r < reps; r++) {
          mm.multiply(ta, tb, m, n, k, a, b, c, false);
        }
        elapsed = System.nanoTime() - t0;
        if (elapsed > MIN_SECONDS * 1e9 / 5) {
          break;
        }
        reps *= 2;
      }
      best = Math.max(best, flops * reps / elapsed);
    }
    return best;
  }

  private static float[] random(Random rnd, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = rnd.nextFloat() * 2 - 1;
    }
    return x;
  }
}
