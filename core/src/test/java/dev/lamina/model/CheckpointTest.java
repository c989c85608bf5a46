// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lamina.activations.Activations;
import dev.lamina.callbacks.LearningRateScheduler;
import dev.lamina.callbacks.ModelCheckpoint;
import dev.lamina.callbacks.Monitor;
import dev.lamina.layers.AlphaDropout;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Dropout;
import dev.lamina.layers.Input;
import dev.lamina.layers.RReLU;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.optimizers.OptimizerBuilder;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

  @TempDir
  Path folder;

  /** Dropout, RReLU, alpha dropout and batch normalisation: every kind of random and non-trainable state. */
  private static Sequential model(long seed, OptimizerBuilder optimizer) {
    Sequential m = Sequential.of(seed, Input.of(4),
        Dense.builder(16).activation(Activations.RELU), new Dropout.Spec(0.3, null), new BatchNormalization.Spec(),
        Dense.builder(8), new RReLU.Spec(RReLU.DEFAULT_LOWER, RReLU.DEFAULT_UPPER, null), new AlphaDropout.Spec(0.1, null),
        Dense.builder(4).activation(Activations.SOFTMAX));
    m.compile(Losses.sparseCategoricalCrossentropy(), optimizer.build(), Metrics.accuracy());
    return m;
  }

  private static FitOptions options(int epochs) {
    return FitOptions.defaults().epochs(epochs).batchSize(16).validationSplit(0.2).verbose(false)
        .callbacks(new LearningRateScheduler((epoch, lr) -> epoch == 0 ? lr : lr * 0.7));
  }

  private void assertResumesBitIdentically(Supplier<OptimizerBuilder> optimizer) {
    Tensor[] d = SequentialTest.toyData(200, 11);
    Sequential uninterrupted = model(5, optimizer.get());
    History all = uninterrupted.fit(d[0], d[1], options(4));

    Path file = folder.resolve("run.ckpt");
    Sequential first = model(5, optimizer.get());
    first.fit(d[0], d[1], options(2).callbacks(List.of(options(2).callbacks().get(0), ModelCheckpoint.builder(file).build())));
    Sequential resumed = model(99, optimizer.get()); // new objects, even another seed: the checkpoint's wins
    int done = resumed.loadCheckpoint(file);
    assertEquals(2, done);
    assertEquals(5, resumed.seed());
    History rest = resumed.fit(d[0], d[1], options(4).initialEpoch(done));

    assertEquals(all.get("loss").subList(2, 4), rest.get("loss"));
    assertEquals(all.get("val_loss").subList(2, 4), rest.get("val_loss"));
    assertEquals(uninterrupted.optimizer().iterations(), resumed.optimizer().iterations());
    for (String name : uninterrupted.weights().keySet()) {
      assertArrayEquals(uninterrupted.weights().get(name).data(), resumed.weights().get(name).data(), name);
    }
  }

  @Test
  void resumingFromACheckpointGivesBitIdenticalWeightsWithAdam() {
    assertResumesBitIdentically(Optimizers::adam);
  }

  @Test
  void resumingFromACheckpointGivesBitIdenticalWeightsWithNadamAndSgd() {
    assertResumesBitIdentically(Optimizers::nadam);
    assertResumesBitIdentically(() -> Optimizers.sgd().momentum(0.9).nesterov(true));
  }

  private Path saved() {
    Tensor[] d = SequentialTest.toyData(64, 1);
    Sequential m = model(1, Optimizers.adam());
    m.fit(d[0], d[1], options(1));
    Path file = folder.resolve("m.ckpt");
    m.saveCheckpoint(file, 1);
    return file;
  }

  @Test
  void theCheckpointBytesAreTheFilesAndRestoreTheWholeTrainingState() throws IOException {
    Path file = saved();
    Sequential trained = model(3, Optimizers.adam());
    assertEquals(1, trained.loadCheckpoint(file));
    byte[] bytes = trained.checkpoint(1);
    assertArrayEquals(Files.readAllBytes(file), bytes);

    Sequential restored = model(4, Optimizers.adam());
    assertEquals(1, restored.loadCheckpoint(bytes));
    assertArrayEquals(bytes, restored.checkpoint(1), "weights, moving statistics, slots, step count and seed");
    assertEquals(trained.optimizer().iterations(), restored.optimizer().iterations());
  }

  @Test
  void corruptCheckpointBytesAreRejectedNamingTheSourceAndTheOffset() {
    byte[] bytes = model(1, Optimizers.adam()).checkpoint(0);
    bytes[100] ^= 0x40;
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> model(1, Optimizers.adam()).loadCheckpoint(bytes));
    assertEquals("Checkpoint (in memory): corrupt at offset " + (bytes.length - 8) + ": the checksum does not match the content",
        e.getMessage());
    IllegalArgumentException n = assertThrows(IllegalArgumentException.class, () -> model(1, Optimizers.adam()).checkpoint(-1));
    assertEquals("Sequential: checkpoint needs epochs >= 0, but was -1", n.getMessage());
  }

  @Test
  void theFileIsReplacedAtomicallyLeavingNoTemporaryFiles() throws IOException {
    Path file = saved();
    model(1, Optimizers.adam()).saveCheckpoint(file, 7);
    try (var files = Files.list(folder)) {
      assertEquals(List.of(file), files.toList());
    }
    assertEquals(7, model(1, Optimizers.adam()).loadCheckpoint(file));
  }

  @Test
  void aNewCheckpointHasTheUmasksPermissionsAndAReplacedOneKeepsItsOwn() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    Path file = saved();
    Path probe = Files.createFile(file.getParent().resolve("probe")); // any new file: the umask decides (rw-r--r-- under 022)
    assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(file), "not createTempFile's rw-------");
    Files.delete(probe);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
    model(1, Optimizers.adam()).saveCheckpoint(file, 8);
    assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void aTruncatedFileIsRejectedNamingTheFileAndTheOffset() throws IOException {
    Path file = saved();
    byte[] all = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(all, 500));
    Sequential m = model(1, Optimizers.adam());
    List<float[]> before = m.getWeights().stream().map(Tensor::data).toList();
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> m.loadCheckpoint(file));
    assertTrue(e.getMessage().startsWith("Checkpoint " + file + ": truncated at offset "), e.getMessage());
    assertTrue(e.getMessage().contains("but only "), e.getMessage());
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i), m.getWeights().get(i).data(), "nothing changes");
    }
  }

  @Test
  void aCorruptFileIsRejectedNamingTheFileAndTheOffset() throws IOException {
    Path file = saved();
    byte[] all = Files.readAllBytes(file);
    all[300] ^= 0x40; // inside the first kernel's values
    Files.write(file, all);
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> model(1, Optimizers.adam()).loadCheckpoint(file));
    assertEquals("Checkpoint " + file + ": corrupt at offset " + (all.length - 8)
        + ": the checksum does not match the content", e.getMessage());

    Files.write(file, "not a checkpoint at all".getBytes());
    e = assertThrows(UncheckedIOException.class, () -> model(1, Optimizers.adam()).loadCheckpoint(file));
    assertEquals("Checkpoint " + file + ": corrupt at offset 0: not a Lamina checkpoint (the header is not LAMINACK)",
        e.getMessage());
  }

  @Test
  void anotherModelOrOptimizerIsRejected() {
    Path file = saved();
    Sequential other = SequentialTest.toyModel(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.loadCheckpoint(file));
    assertTrue(e.getMessage().startsWith("Checkpoint " + file + ": does not fit the model at offset 28: it has 10 "
        + "parameters, but the model has 4"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> model(1, Optimizers.sgd()).loadCheckpoint(file));
    assertTrue(e.getMessage().contains(", the optimizer is 'Adam', but the model's is 'SGD'"), e.getMessage());
    Sequential uncompiled = Sequential.of(1, Input.of(4), Dense.builder(16).activation(Activations.RELU),
        new Dropout.Spec(0.3, null), new BatchNormalization.Spec(), Dense.builder(8),
        new RReLU.Spec(RReLU.DEFAULT_LOWER, RReLU.DEFAULT_UPPER, null), new AlphaDropout.Spec(0.1, null),
        Dense.builder(4).activation(Activations.SOFTMAX));
    IllegalStateException s = assertThrows(IllegalStateException.class, () -> uncompiled.loadCheckpoint(file));
    assertEquals("Checkpoint " + file + ": it holds optimizer state; compile the model before loadCheckpoint",
        s.getMessage());
  }

  @Test
  void saveBestOnlyWritesOnlyWhenTheMonitorImproves() throws IOException {
    Tensor[] d = SequentialTest.toyData(64, 2);
    Path file = folder.resolve("best.ckpt");
    Sequential m = SequentialTest.toyModel(2);
    List<Integer> written = new java.util.ArrayList<>();
    m.fit(d[0], d[1], FitOptions.defaults().epochs(3).verbose(false).callbacks(
        ModelCheckpoint.builder(file).saveBestOnly(true).monitor(Monitor.LOSS).build(),
        dev.lamina.callbacks.Callback.onEpochEnd(e -> written.add(
            Files.exists(file) ? SequentialTest.toyModel(2).loadCheckpoint(file) : -1))));
    assertEquals(List.of(1, 2, 3), written); // the loss falls every epoch here
  }

  /** Version 1, written before checkpoints held callback states, still loads. */
  @Test
  void aVersionOneCheckpointStillLoads() {
    Sequential saved = model(2, Optimizers.adam());
    byte[] v2 = saved.checkpoint(3);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(v2);
    assertEquals(2, b.getInt(8), "the version written");
    assertEquals(0, b.getInt(v2.length - 12), "no callback states outside fit");
    byte[] v1 = Arrays.copyOf(v2, v2.length - 4); // without the count of callback states
    java.nio.ByteBuffer.wrap(v1).putInt(8, 1);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(v1, 0, v1.length - 8);
    java.nio.ByteBuffer.wrap(v1).putLong(v1.length - 8, crc.getValue());
    Sequential restored = model(5, Optimizers.adam());
    assertEquals(3, restored.loadCheckpoint(v1));
    assertArrayEquals(saved.checkpoint(3), restored.checkpoint(3));
  }
}
