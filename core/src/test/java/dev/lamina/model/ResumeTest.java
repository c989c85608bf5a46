// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activations;
import dev.lamina.callbacks.Callback;
import dev.lamina.callbacks.EarlyStopping;
import dev.lamina.callbacks.ModelCheckpoint;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Input;
import dev.lamina.losses.Losses;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.schedules.Schedules;
import dev.lamina.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: training killed in the middle of an epoch and resumed, in new objects, from the last
 * checkpoint its {@link ModelCheckpoint} saved ends with the weights of an uninterrupted run, bit
 * for bit: Adam on a learning-rate schedule, batch normalisation, dropout and early stopping, for
 * a kill in every epoch the run trained.
 */
class ResumeTest {
  private static final int EPOCHS = 30;
  private static final int BATCH_OF_THE_KILL = 3;

  @TempDir
  Path folder;

  /** Stands for a SIGKILL: only the checkpoint file outlives it, as the resumed run builds everything anew. */
  private static final class Killed extends RuntimeException {
    Killed() {
      super("killed");
    }
  }

  private static Sequential model(long seed) {
    Sequential m = Sequential.of(seed, Input.of(4), Dense.builder(32).activation(Activations.RELU),
        new BatchNormalization.Spec(), new Dropout.Spec(0.3, null), Dense.builder(16).activation(Activations.RELU),
        Dense.builder(4).activation(Activations.SOFTMAX));
    // A high learning rate, decaying per step: the validation loss soon stops improving.
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam()
        .learningRate(Schedules.exponentialDecay(0.05, 20, 0.9, false)).build());
    return m;
  }

  private FitOptions options(Path checkpoint, List<Callback> more) {
    List<Callback> callbacks = new ArrayList<>(List.of(EarlyStopping.builder().patience(3).build(),
        ModelCheckpoint.builder(checkpoint).build()));
    callbacks.addAll(more);
    return FitOptions.defaults().epochs(EPOCHS).batchSize(16).validationSplit(0.25).verbose(false).threads(1)
        .callbacks(callbacks);
  }

  @Test
  void resumedFromTheLastCheckpointEndsBitIdenticalToAnUninterruptedRun() {
    Tensor[] d = dev.lamina.testing.ToyProblem.data(240, 21);
    Sequential uninterrupted = model(8);
    History all = uninterrupted.fit(d[0], d[1], options(folder.resolve("all.ckpt"), List.of()));
    int trained = all.get("loss").size();
    assertTrue(trained < EPOCHS, "early stopping must end the run for the test to mean something; it ran " + trained);
    for (int kill = 1; kill < trained; kill++) {
      Path file = folder.resolve("run-" + kill + ".ckpt");
      int epochOfTheKill = kill;
      Sequential first = model(8);
      assertThrows(Killed.class, () -> first.fit(d[0], d[1], options(file, List.of(Callback.onBatchEnd(e -> {
        if (e.epoch() == epochOfTheKill && e.batch() == BATCH_OF_THE_KILL) {
          throw new Killed();
        }
      })))));
      Sequential resumed = model(99); // new objects, even another seed: the checkpoint's wins
      int done = resumed.loadCheckpoint(file);
      assertEquals(kill, done, "the checkpoint of the last whole epoch");
      History rest = resumed.fit(d[0], d[1], options(file, List.of()).initialEpoch(done));
      assertEquals(all.get("val_loss").subList(done, trained), rest.get("val_loss"), "killed in epoch " + (kill + 1));
      for (String name : uninterrupted.weights().keySet()) {
        assertArrayEquals(uninterrupted.weights().get(name).data(), resumed.weights().get(name).data(),
            name + ", killed in epoch " + (kill + 1));
      }
    }
  }
}
