// SPDX-License-Identifier: Apache-2.0

package dev.lamina.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Entry point of {@code benchmarks.jar}: runs JMH with its usual command line (so
 * {@code java -jar benchmarks.jar Gemm -f 1 -wi 3 -i 5} works as with JMH's own main), then
 * summarises the {@link GemmBenchmark} results as GFLOP/s and as a share of two peaks:
 *
 * <ul>
 *   <li>the measured one, {@link GemmPeak}, when it ran in the same invocation (the pattern
 *       {@code Gemm} selects it), else the {@value #MEASURED_PEAK_GFLOPS} GFLOP/s it measured on the
 *       reference machine (Xeon with AVX-512, 2 cores, JDK 17);
 *   <li>the nominal {@value #NOMINAL_PEAK_GFLOPS} GFLOP/s single-core figure that the GEMM
 *       issue assumed for that machine.
 * </ul>
 *
 * <p>A result on t threads is compared with t times the single-core peak.
 */
public final class BenchMain {
  /** GemmPeak on the reference machine, when this run did not measure it. */
  static final double MEASURED_PEAK_GFLOPS = 201;
  /** The nominal single-core peak assumed by the GEMM issue. */
  static final double NOMINAL_PEAK_GFLOPS = 265;

  private BenchMain() {}

  public static void main(String[] args) throws RunnerException, IOException {
    CommandLineOptions options;
    try {
      options = new CommandLineOptions(args);
    } catch (CommandLineOptionException e) {
      System.err.println("Error parsing command line: " + e.getMessage());
      System.exit(1);
      return;
    }
    if (options.shouldHelp() || options.shouldList() || options.shouldListWithParams()
        || options.shouldListProfilers() || options.shouldListResultFormats()) {
      org.openjdk.jmh.Main.main(args);
      return;
    }
    Collection<RunResult> results = new Runner(options).run();
    summarise(results);
  }

  private static void summarise(Collection<RunResult> results) {
    Double peak = null;
    List<RunResult> gemm = new ArrayList<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      if (name.endsWith(".GemmPeak.fmaLoop")) {
        Result<?> rate = r.getSecondaryResults().get("gflop");
        peak = rate == null ? null : rate.getScore();
      } else if (name.endsWith(".GemmBenchmark.multiply")) {
        gemm.add(r);
      }
    }
    if (gemm.isEmpty() && peak == null) {
      return;
    }
    System.out.println();
    double measured = peak != null ? peak : MEASURED_PEAK_GFLOPS;
    System.out.printf("Peak: measured %.1f GFLOP/s (%s), nominal %.0f GFLOP/s%n", measured,
        peak != null ? "GemmPeak, this run" : "GemmPeak on the reference machine; run GemmPeak"
            + " to measure it here", NOMINAL_PEAK_GFLOPS);
    if (gemm.isEmpty()) {
      return;
    }
    System.out.println("(% of peak: of threads x the single-core peak)");
    System.out.printf("%-20s %-7s %7s %12s %9s %12s %12s%n", "shape (m,k,n)", "kernel", "threads",
        "us/call", "GFLOP/s", "% measured", "% nominal");
    for (RunResult r : gemm) {
      String shape = r.getParams().getParam("shape");
      int threads = Integer.parseInt(r.getParams().getParam("threads"));
      double micros = r.getPrimaryResult().getScore();
      double gflops = Shape.parse(shape).flops() / (micros * 1e3);
      System.out.printf("%-20s %-7s %7d %12.2f %9.1f %11.0f%% %11.0f%%%n", shape,
          r.getParams().getParam("kernel"), threads, micros, gflops,
          100 * gflops / (threads * measured), 100 * gflops / (threads * NOMINAL_PEAK_GFLOPS));
    }
  }
}
