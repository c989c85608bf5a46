package dev.lamina.math;

import java.lang.System.Logger.Level;

/**
 * Chooses the matrix-multiply kernel. The Vector API kernel is used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}; otherwise Lamina says once that it runs the portable
 * EJML kernel and how to enable the fast one.
 */
public final class MatMuls {
  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  private MatMuls() {}

  /** The fastest kernel this JVM can run (chosen once). */
  public static MatMul best() {
    return Holder.BEST;
  }

  /** Whether the Vector API module is available to this JVM. */
  public static boolean vectorApiAvailable() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
  }

  private static final class Holder {
    static final MatMul BEST = choose();

    private static MatMul choose() {
      if (vectorApiAvailable()) {
        return new VectorMatMul();
      }
      System.getLogger("dev.lamina").log(Level.WARNING,
          "Lamina is running its portable (EJML) matrix kernels. For the fast Vector API kernels,"
              + " start the JVM with --add-modules " + VECTOR_MODULE + " (the lamina launcher does).");
      return new EjmlMatMul();
    }
  }
}
