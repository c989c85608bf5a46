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
   * Runs forward and backward in {@code mode} until compiled, then 500 times more, and asserts that
   * those allocated (almost) nothing on the calling thread.
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
    long before = bean.getThreadAllocatedBytes(id);
    for (int i = 0; i < 500; i++) { // the layer's passes alone, without the harness's own allocations
      layer.forward(frame, mode);
      layer.backward(frame, dy);
    }
    long allocated = bean.getThreadAllocatedBytes(id) - before;
    assertTrue(allocated < 1000, run.layer() + ": 500 forward and backward passes allocated " + allocated + " bytes");
  }
}
