// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.activations.Activations;
import dev.lamina.dsl.Layers;
import dev.lamina.dsl.Network;
import dev.lamina.losses.Losses;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: a child JVM ({@link Writer}) saves a checkpoint and exports ONNX in a loop through
 * {@link dev.lamina.io.AtomicFiles}, and is killed with SIGKILL at random moments: each time,
 * both files are intact and load, with a step the child had reached, and the temporary files a
 * kill leaves are gone once the next child has written. 10 kills by default;
 * {@code -Dlamina.kills=100} for the long run.
 */
class KilledWriteTest {
  private static final int KILLS = Integer.getInteger("lamina.kills", 10);

  @TempDir
  Path folder;

  /** 784 → 256 → 10 with Adam: a 2.4 MB checkpoint and a 0.8 MB ONNX file, long enough writes to be killed in. */
  static Sequential model() {
    Sequential m = Network.sequential(3, Layers.input(784), Layers.dense(256, Activations.RELU),
        Layers.dense(10, Activations.SOFTMAX));
    m.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().build());
    return m;
  }

  /** The step a model was saved at: its first kernel value (set to the step by the writer). */
  static float step(dev.lamina.model.Model m) {
    return m.getWeights(m.layers().get(0).name()).get(0).data()[0];
  }

  /** The child: writes model.ckpt and model.onnx, step after step, printing each step written. */
  public static final class Writer {
    private Writer() {}

    public static void main(String[] args) {
      Path dir = Path.of(args[0]);
      Sequential m = model();
      for (int step = Integer.parseInt(args[1]); ; step++) {
        m.parameters().get(0).value()[0] = step;
        m.saveCheckpoint(dir.resolve("model.ckpt"), step);
        System.out.println("checkpoint " + step);
        OnnxExporter.write(m, dir.resolve("model.onnx"));
        System.out.println("onnx " + step);
        System.out.flush();
      }
    }
  }

  /** The last step the child printed after {@code prefix}, or -1. */
  private static int last(Path log, String prefix) throws IOException {
    int last = -1;
    for (String line : Files.readAllLines(log)) {
      if (line.startsWith(prefix) && line.length() > prefix.length()) { // not a line cut by the kill
        last = Integer.parseInt(line.substring(prefix.length()).strip());
      }
    }
    return last;
  }

  private List<String> temporaryFiles() throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
    }
  }

  @Test
  void killedWritesLeaveThePreviousFilesIntactAndTheNextWriteRemovesTheirLeftovers() throws Exception {
    SplittableRandom random = new SplittableRandom(15);
    Set<String> leftBefore = new HashSet<>();
    int leftovers = 0;
    int step = 0;
    long start = System.nanoTime();
    Path log = Files.createTempFile("killed-writes", ".log");
    try {
      for (int kill = 0; kill < KILLS; kill++) {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
            System.getProperty("java.class.path"), Writer.class.getName(), folder.toString(), Integer.toString(step))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (last(log, "onnx ") < step) { // until this child wrote both files once
          assertTrue(child.isAlive() && System.nanoTime() < deadline, "the child did not write: "
              + Files.readString(log));
          Thread.sleep(10);
        }
        // Every file of the last kill is gone now that this child has written both targets.
        for (String f : temporaryFiles()) {
          assertTrue(!leftBefore.contains(f), "the temporary file " + f + " of a killed write is still there");
        }
        Thread.sleep(random.nextInt(300)); // a random moment of the loop: writing, renaming, serialising
        child.destroyForcibly(); // SIGKILL
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        int lastCheckpoint = last(log, "checkpoint ");
        int lastOnnx = last(log, "onnx ");
        Sequential restored = model();
        int saved = restored.loadCheckpoint(folder.resolve("model.ckpt"));
        assertTrue(saved == lastCheckpoint || saved == lastCheckpoint + 1, "checkpoint of step " + saved
            + ", the child printed " + lastCheckpoint);
        assertEquals(saved, step(restored), 0f, "the checkpoint's weights are of its step");
        float exported = step(OnnxImporter.load(folder.resolve("model.onnx")));
        assertTrue(exported == lastOnnx || exported == lastOnnx + 1, "ONNX of step " + exported + ", the child printed "
            + lastOnnx);
        leftBefore = new HashSet<>(temporaryFiles());
        leftovers += leftBefore.size();
        step = saved + 1;
      }
    } finally {
      Files.deleteIfExists(log);
    }
    // AtomicFiles leaves temporary files younger than 100 ms alone (their writer may not hold its lock
    // yet); in the loop a child JVM's start-up gives them that age, here the last kill was just now.
    Thread.sleep(250);
    model().saveCheckpoint(folder.resolve("model.ckpt"), 0);
    OnnxExporter.write(model(), folder.resolve("model.onnx"));
    assertEquals(List.of(), temporaryFiles().stream().filter(leftBefore::contains).toList());
    System.out.printf("killed writes: %d kills in %.1f s, %d temporary files left by kills (all removed by the next"
        + " writes), reached step %d%n", KILLS, (System.nanoTime() - start) / 1e9, leftovers, step);
  }
}
