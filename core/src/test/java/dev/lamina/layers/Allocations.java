// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import dev.lamina.tensor.Matrix;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/** Checks that a layer's passes allocate nothing per batch once its frame's buffers have grown. */
final class Allocations {
  private Allocations() {}

  /**
   * Runs forward and backward in {@code mode} until compiled, then rounds of 500 times more, and
   * asserts that a round within 20 s allocated (almost) nothing on the calling thread.
   */
  static void assertNoneAfterWarmUp(LayerSpec spec, Mode mode, int batch, int... sampleShape) {
    LayerRun run = LayerRun.of(spec, 1, sampleShape);
    int features = Layer.features(sampleShape);
    int out = Layer.features(run.layer().outputShape());
    SplittableRandom r = new SplittableRandom(3);
    Matrix x = new Matrix(batch, features);
    Matrix dy = new Matrix(batch, out);
    for (int i = 0; i < x.size(); i++) {
      x.data()[i] = (float) r.nextGaussian();
    }
    for (int i = 0; i < dy.size(); i++) {
      dy.data()[i] = (float) r.nextGaussian();
    }
    run.forward(mode, x); // the frame now holds the input and asks for the input gradient
    run.backward(dy);
    Layer layer = run.layer();
    Frame frame = run.frame();
    ThreadMXBean bean = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    for (int i = 0; i < 5000; i++) { // warm up: compiled code, grown buffers
      layer.forward(frame, mode);
      layer.backward(frame, dy);
    }
    long allocated = Long.MAX_VALUE;
    // Rounds for up to 20 s: on a loaded machine C2 may still be compiling the Vector API kernels
    // (their interpreted and C1 code allocates every vector); an allocation per batch fails every round.
    for (long end = System.nanoTime() + 20_000_000_000L; allocated >= 1000 && System.nanoTime() < end; ) {
      long before = bean.getThreadAllocatedBytes(id);
      for (int i = 0; i < 500; i++) { // the layer's passes alone, without the harness's own allocations
        layer.forward(frame, mode);
        layer.backward(frame, dy);
      }
      allocated = bean.getThreadAllocatedBytes(id) - before;
    }
    assertTrue(allocated < 1000, run.layer() + ": 500 forward and backward passes allocated " + allocated + " bytes"
        + " (in every round for 20 s)");
  }
}
