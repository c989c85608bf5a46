// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activations;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Conv2D;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Input;
import dev.lamina.losses.Losses;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import dev.lamina.testing.FuzzTally;
import dev.lamina.testing.Mutator;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the checkpoint reader fed mutated checkpoints (bit flips, byte changes, truncations,
 * inserted, deleted and duplicated ranges, corrupt length fields) throws only what
 * {@link Model#loadCheckpoint(byte[])} documents (UncheckedIOException for a corrupt or truncated
 * file, IllegalArgumentException for one that does not fit the model, IllegalStateException for
 * optimizer state in an uncompiled model) and allocates no more than a bound derived from the file
 * size. 2,000 files by default; {@code -Dlamina.fuzz.files=100000} for the long run.
 */
class CheckpointFuzzTest {
  private static final int FILES = Integer.getInteger("lamina.fuzz.files", 2000);

  /** A source checkpoint and the model it is loaded into. */
  private record Source(String name, byte[] bytes, Model target) {}

  private static Sequential dense(boolean compiled) {
    Sequential m = Sequential.of(5, Input.of(6), Dense.builder(16).activation(Activations.RELU),
        new Dropout.Spec(0.3, null), new BatchNormalization.Spec(), Dense.builder(3).activation(Activations.SOFTMAX));
    if (compiled) {
      m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().build());
    }
    return m;
  }

  private static Sequential convolutional() {
    Sequential m = Sequential.of(6, Input.of(1, 6, 6), Conv2D.builder(4, 3).activation(Activations.RELU),
        new BatchNormalization.Spec(), new Flatten.Spec(null), Dense.builder(3).activation(Activations.SOFTMAX));
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.nadam().build());
    return m;
  }

  private static Source trained(String name, Supplier<Sequential> model, int[] sample) {
    return trained(name, model, sample, false);
  }

  /** @param duringFit whether the checkpoint is taken during fit, with EarlyStopping's state in it */
  private static Source trained(String name, Supplier<Sequential> model, int[] sample, boolean duringFit) {
    Sequential m = model.get();
    int features = 1;
    for (int d : sample) {
      features *= d;
    }
    float[] x = new float[32 * features];
    float[] y = new float[32];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i * 0.37);
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = i % 3;
    }
    int[] shape = new int[sample.length + 1];
    shape[0] = 32;
    System.arraycopy(sample, 0, shape, 1, sample.length);
    byte[][] during = new byte[1][];
    m.fit(Tensor.of(x, shape), Tensor.of(y, 32), FitOptions.defaults().epochs(1).batchSize(8).verbose(false).threads(1)
        .callbacks(dev.lamina.callbacks.EarlyStopping.builder().monitor(dev.lamina.callbacks.Monitor.LOSS).build(),
            dev.lamina.callbacks.Callback.onEpochEnd(e -> during[0] = m.checkpoint(1))));
    return new Source(name, duringFit ? during[0] : m.checkpoint(1), model.get());
  }

  private static List<Source> sources() {
    Sequential uncompiled = dense(false);
    return List.of(trained("dense + Adam", () -> dense(true), new int[] {6}),
        trained("dense + Adam + EarlyStopping's state", () -> dense(true), new int[] {6}, true),
        trained("conv + Nadam", CheckpointFuzzTest::convolutional, new int[] {1, 6, 6}),
        new Source("dense, no optimizer", uncompiled.checkpoint(0), dense(false)));
  }

  static boolean documented(Throwable t) {
    return t instanceof UncheckedIOException || t instanceof IllegalArgumentException
        || t instanceof IllegalStateException;
  }

  @Test
  void mutatedCheckpointsThrowOnlyTheDocumentedExceptions() {
    List<Source> sources = sources();
    for (Source s : sources) { // the originals load
      assertEquals(s.name().endsWith("no optimizer") ? 0 : 1, s.target().loadCheckpoint(s.bytes()), s.name());
    }
    // The reader allocates the model's values once more (its checks come first) and small objects.
    FuzzTally tally = new FuzzTally(CheckpointFuzzTest::documented, 1 << 20, 8);
    for (int i = 0; i < FILES; i++) {
      Source s = sources.get(i % sources.size());
      Mutator.Mutation m = Mutator.mutate(s.bytes(), 0xC4EC_0000L + i);
      tally.run(s.name() + " #" + i + " (" + m.kind() + ")", m.bytes(), () -> {
        s.target().loadCheckpoint(m.bytes());
        if (!java.util.Arrays.equals(m.bytes(), s.bytes())) { // the checksum must catch every change
          throw new AssertionError("a changed checkpoint was accepted");
        }
      });
    }
    System.out.println("checkpoint fuzzing: " + tally);
    assertEquals(FILES, tally.files());
    assertTrue(tally.escapes().isEmpty(), tally + "\n" + String.join("\n", tally.escapes().subList(0,
        Math.min(20, tally.escapes().size()))));
  }
}
