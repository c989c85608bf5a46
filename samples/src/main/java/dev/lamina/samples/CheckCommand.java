// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import dev.lamina.layers.Input;
import dev.lamina.onnx.OnnxImport;
import dev.lamina.onnx.OnnxImporter;
import dev.lamina.onnx.OnnxRuntimeCheck;
import dev.lamina.tensor.Tensor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lamina check MODEL.onnx}: whether Lamina computes what ONNX Runtime computes, on random
 * inputs or on inputs from files, output by output, with numpy.allclose's relative and absolute
 * tolerances.
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class, description = {
    "MODEL.onnx: run Lamina and ONNX Runtime side by side on random or given inputs; exit 0 when they agree",
    "",
    "Imports the ONNX model, runs it in Lamina and in ONNX Runtime on the same inputs and reports each output: its",
    "name, shape, largest absolute and relative differences, pass or FAIL. A value passes as in numpy.allclose:",
    "|Lamina - ONNX Runtime| <= atol + rtol x |ONNX Runtime|. Random inputs are drawn from N(0, 1). A model",
    "exported with a fixed batch size (say 1) gets inputs of that batch size; more samples run in batches of it."},
    footer = {"", "Input files (--input, one per model input, in order), each [samples, ...the input's shape]:",
        "  .npy                NumPy array, float32 or float64, C order (numpy.save)",
        "  .csv, .csv.gz       one sample per row, no label column, no header",
        "  any other name      raw little-endian float32, C order (numpy tofile); --shape N,D,... gives its shape",
        "                      (default: as many samples as the values make)",
        "",
        "Exit status: 0 when every output agrees, 1 when one differs,",
        "2 when the model cannot be imported (with the importer's message) or on any other error."})
final class CheckCommand implements Callable<Integer> {
  /** numpy.allclose's default relative tolerance. */
  static final double RTOL = 1e-5;
  /**
   * The absolute tolerance: float32 rounding noise over a network's sums is about 1e-6 on values
   * near 1, so 1e-4 (Lamina's tolerance before rtol was added) rather than numpy's 1e-8, which is
   * meant for float64.
   */
  static final double ATOL = 1e-4;
  /** Random inputs per model input when the model does not fix its batch size. */
  static final int SAMPLES = 32;
  /** Most random input values (samples × features per sample) check draws: 256 MiB of floats. */
  static final long MAX_INPUT_VALUES = 1L << 26;

  @ParentCommand
  Main main;

  @Parameters(paramLabel = "MODEL.onnx", description = "the ONNX model")
  Path model;

  @Option(names = "--samples", paramLabel = "N", description = "random inputs (default: " + SAMPLES
      + ", or the model's fixed batch size; N x features at most " + MAX_INPUT_VALUES + ")")
  @Nullable Integer samples;

  @Option(names = "--seed", paramLabel = "N", description = "seed of the random inputs (default: ${DEFAULT-VALUE})")
  long seed = 7;

  @Option(names = "--rtol", paramLabel = "R", description = "relative tolerance (default: ${DEFAULT-VALUE}, numpy.allclose's)")
  double rtol = RTOL;

  @Option(names = "--atol", paramLabel = "A", description = "absolute tolerance (default: ${DEFAULT-VALUE})")
  double atol = ATOL;

  @Option(names = "--input", paramLabel = "FILE", description = "inputs from a file instead of random ones (see below)")
  List<Path> inputs = new ArrayList<>();

  @Option(names = "--shape", paramLabel = "N,D,...", description = "the shape of a raw float32 --input, "
      + "one --shape per raw file in order")
  List<String> shapeOptions = new ArrayList<>();

  @Override
  public Integer call() {
    if (!(rtol >= 0) || !(atol >= 0)) {
      throw new IllegalArgumentException("--rtol and --atol must be >= 0, but were " + rtol + " and " + atol);
    }
    if (samples != null && !inputs.isEmpty()) {
      throw new IllegalArgumentException("--samples is for random inputs; the --input files give the samples");
    }
    PrintStream out = main.out;
    Path file = SummaryCommand.existing(model);
    OnnxImport imported = OnnxImporter.read(file);
    int batch = OnnxRuntimeCheck.declaredBatch(file);
    List<Tensor> x = inputs.isEmpty() ? randomInputs(imported, file, batch) : fileInputs(imported);
    int n = x.get(0).samples();
    if (batch > 0 && n % batch != 0) {
      throw new IllegalArgumentException(file + " declares a fixed batch size of " + batch + ", but the inputs have "
          + n + " samples; give a multiple of " + batch);
    }
    SummaryCommand.printNotes(imported, out);
    out.println("Inputs: " + (inputs.isEmpty() ? n + " samples drawn from N(0, 1), seed " + seed
        : String.join(", ", describe(imported, x))) + (batch > 0 ? "; fixed batch size " + batch + " (" + n / batch
        + (n / batch == 1 ? " run" : " runs") + ")" : ""));
    OnnxRuntimeCheck.Result r = OnnxRuntimeCheck.compare(imported, file, x);
    int failed = 0;
    for (int o = 0; o < r.laminaOutputs().size(); o++) {
      OutputComparison c = OutputComparison.of(imported.outputs().get(o), r.laminaOutputs().get(o),
          r.onnxRuntimeOutputs().get(o), rtol, atol);
      out.println(c.line());
      failed += c.pass() ? 0 : 1;
    }
    out.printf(Locale.ROOT, "%s: |Lamina - ONNX Runtime| <= atol %.1e + rtol %.1e x |ONNX Runtime| %s%n",
        failed == 0 ? "agree" : "DIFFER", atol, rtol, failed == 0 ? "for every value"
            : "fails for " + failed + " of " + r.laminaOutputs().size() + " outputs");
    return failed == 0 ? 0 : 1;
  }

  private List<Tensor> randomInputs(OnnxImport imported, Path file, int batch) {
    int n = samples != null ? samples : batch > 0 ? batch : SAMPLES;
    if (n <= 0) {
      throw new IllegalArgumentException("--samples must be > 0, but was " + n);
    }
    long features = imported.model().inputs().stream() // all inputs together
        .mapToLong(in -> Arrays.stream(in.shape()).asLongStream().reduce(1, (a, b) -> a * b)).sum();
    if (n * features > MAX_INPUT_VALUES) {
      throw new IllegalArgumentException("--samples " + n + " gives " + n + " x " + features + " features = "
          + n * features + " input values for " + file + ", more than " + MAX_INPUT_VALUES + "; use --samples "
          + Math.max(1, MAX_INPUT_VALUES / features) + " or fewer");
    }
    return OnnxRuntimeCheck.gaussianInputs(imported.model(), n, seed);
  }

  private List<Tensor> fileInputs(OnnxImport imported) {
    List<Input> modelInputs = imported.model().inputs();
    if (inputs.size() != modelInputs.size()) {
      throw new IllegalArgumentException("the model has " + modelInputs.size() + " inputs "
          + modelInputs.stream().map(Input::name).toList() + ", but " + inputs.size() + " --input files were given");
    }
    List<int[]> parsed = shapes();
    List<Tensor> x = new ArrayList<>();
    int raw = 0;
    for (int i = 0; i < inputs.size(); i++) {
      String name = inputs.get(i).getFileName().toString().toLowerCase(Locale.ROOT);
      boolean isRaw = !name.endsWith(".npy") && !name.endsWith(".csv") && !name.endsWith(".csv.gz");
      int[] shape = isRaw && raw < parsed.size() ? parsed.get(raw) : null;
      raw += isRaw ? 1 : 0;
      x.add(CheckInputs.read(inputs.get(i), shape, modelInputs.get(i)));
      if (x.get(i).samples() != x.get(0).samples()) {
        throw new IllegalArgumentException(inputs.get(i) + " has " + x.get(i).samples() + " samples, but "
            + inputs.get(0) + " has " + x.get(0).samples());
      }
    }
    if (parsed.size() > raw) {
      throw new IllegalArgumentException(parsed.size() + " --shape given for " + raw + " raw float32 --input files");
    }
    return x;
  }

  /** The --shape values, one shape per option. */
  private List<int[]> shapes() {
    List<int[]> all = new ArrayList<>();
    for (String option : shapeOptions) {
      all.add(Arrays.stream(option.split(",")).mapToInt(d -> {
        try {
          return Integer.parseInt(d.strip());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--shape must be sizes separated by commas (like 4,10), but was '"
              + option + "'");
        }
      }).toArray());
    }
    return all;
  }

  private List<String> describe(OnnxImport imported, List<Tensor> x) {
    List<String> d = new ArrayList<>();
    for (int i = 0; i < x.size(); i++) {
      d.add(imported.model().inputs().get(i).name() + " " + Arrays.toString(x.get(i).shape()) + " from " + inputs.get(i));
    }
    return d;
  }
}
