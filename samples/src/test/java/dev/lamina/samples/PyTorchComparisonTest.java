// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each side of a comparison is given, which script runs, and how RESULT numbers are read. */
class PyTorchComparisonTest {

  @Test
  void bothSidesGetTheResolvedEpochsAndTheOptionsGiven() {
    Path data = ReferenceFiles.fashionMnist();
    Bench.Options cnn = Bench.parse(new String[] {"--workload", "cnn", "--train-samples", "2000", "--data",
        data.toString()});
    assertEquals(List.of("--workload", "cnn", "--epochs", "2", "--seed", "42", "--data", data.toString(),
        "--train-samples", "2000"), PyTorchComparison.arguments(cnn));
    Bench.Options bn = Bench.parse(new String[] {"--workload", "bn", "--batch", "64", "--data", data.toString()});
    assertEquals(List.of("--workload", "bn", "--epochs", "3", "--seed", "42", "--data", data.toString(), "--batch",
        "64"), PyTorchComparison.arguments(bn));
    Bench.Options infer = Bench.parse(new String[] {"--workload", "cnn-infer", "--infer-calls", "100", "--infer-rounds",
        "3", "--data", data.toString()});
    assertEquals(List.of("--workload", "cnn-infer", "--epochs", "1", "--seed", "42", "--data", data.toString(),
        "--infer-calls", "100", "--infer-rounds", "3"), PyTorchComparison.arguments(infer));
  }

  /** The fresh Lamina JVM runs as the launcher's: the Vector API and the raised trap limit (README, Fast kernels). */
  @Test
  void laminaRunsWithTheLaunchersJvmOptions() {
    Bench.Options cnn = Bench.parse(new String[] {"--workload", "cnn", "--threads", "2", "--data",
        ReferenceFiles.fashionMnist().toString()});
    List<String> command = PyTorchComparison.lamina(cnn);
    int main = command.indexOf(Main.class.getName());
    assertTrue(main > 0, command.toString());
    List<String> jvm = command.subList(0, main);
    assertTrue(jvm.contains("jdk.incubator.vector") && jvm.contains("-XX:PerMethodTrapLimit=10000"), jvm.toString());
    assertEquals(List.of("bench", "--workload", "cnn"), command.subList(main + 1, main + 4));
    assertEquals(List.of("--threads", "2"), command.subList(command.size() - 2, command.size()));
  }

  @Test
  void eachWorkloadRunsItsOwnScript(@TempDir Path folder) throws IOException {
    Path data = ReferenceFiles.fashionMnist();
    Files.writeString(folder.resolve("torch_mlp.py"), "");
    Files.writeString(folder.resolve("torch_cnn.py"), "");
    Bench.Options cnn = Bench.parse(new String[] {"--workload", "resnet", "--torch-script", folder.toString(), "--data",
        data.toString()});
    assertEquals(folder.resolve("torch_cnn.py"), PyTorchComparison.script(cnn));
    Bench.Options plain = Bench.parse(new String[] {"--workload", "plain", "--torch-script", folder.toString(),
        "--data", data.toString()});
    assertEquals(folder.resolve("torch_mlp.py"), PyTorchComparison.script(plain));
    Path mine = folder.resolve("mine.py");
    Files.writeString(mine, "");
    Bench.Options given = Bench.parse(new String[] {"--workload", "cnn", "--torch-script", mine.toString(), "--data",
        data.toString()});
    assertEquals(mine, PyTorchComparison.script(given), "a file is used as given");
    assertEquals(folder.toAbsolutePath(), given.row("plain", 1, 1, 1).torchScript(),
        "the report's rows run both scripts: a file stands for its folder");
    Bench.Options missing = Bench.parse(new String[] {"--workload", "cnn", "--torch-script",
        folder.resolve("none").toString(), "--data", data.toString()});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PyTorchComparison.script(missing));
    assertTrue(e.getMessage().contains("was not found; pass --torch-script PATH"), e.getMessage());
  }

  @Test
  void readsNumbersAndNullAsNaN() {
    String line = "RESULT {\"a\": 1.5, \"alloc_bytes_per_batch\": null, \"b\": -2e-3}";
    assertEquals(1.5, PyTorchComparison.number(line, "a"));
    assertEquals(-2e-3, PyTorchComparison.number(line, "b"));
    assertTrue(Double.isNaN(PyTorchComparison.number(line, "alloc_bytes_per_batch")));
    assertThrows(IllegalArgumentException.class, () -> PyTorchComparison.number(line, "c"));
  }
}
