// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import dev.lamina.callbacks.Callback;
import dev.lamina.callbacks.EpochEnd;
import dev.lamina.callbacks.EpochStart;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Model;
import dev.lamina.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * {@code lamina finetune --cache-benchmark ROUNDS}: how much faster the frozen epochs of a
 * fine-tuning run with the frozen-layer cache ({@link FitOptions#cacheFrozenLayers}) than without.
 * Each round trains the frozen phase twice from the same start, without and with the cache
 * (alternating which goes first), times each epoch from its begin to its end callback (so epoch 1
 * includes filling the cache, and every epoch its validation pass), and checks that both runs end
 * with the same weights. Round 1 warms up the JIT and is not counted; the summary gives medians.
 */
final class CacheBenchmark {
  private CacheBenchmark() {}

  /** One frozen phase: each epoch's time and the whole fit's, in nanoseconds, and the weights after it. */
  private record Phase(long[] epochNanos, long totalNanos, Map<String, Tensor> weights) {}

  /**
   * Runs the benchmark.
   *
   * @param frozenModel makes the model of the frozen phase afresh (the same weights each time),
   *     compiled, its reused layers frozen
   * @param options the frozen phase's fit options (epochs, batch, seed, validation data); the
   *     cache option and progress are set here
   */
  static void run(Supplier<Model> frozenModel, Tensor x, Tensor y, FitOptions options, int rounds, PrintStream out) {
    int epochs = options.epochs();
    Model probe = frozenModel.get();
    long frozen = probe.layers().stream().filter(l -> !l.isTrainable()).count();
    out.printf(Locale.ROOT, "Frozen phase: %d epochs, %d of %d layers frozen, %d training examples%s, batch %d;"
            + " epoch times in ms, round 1 warms up the JIT and is not counted%n", epochs, frozen, probe.layers().size(),
        x.samples(), options.validationInputs().isEmpty() ? ""
            : ", validation on " + options.validationInputs().get(0).samples(), options.batchSize());
    List<Phase> uncached = new ArrayList<>();
    List<Phase> cached = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      boolean cachedFirst = round % 2 == 0;
      Phase first = phase(frozenModel.get(), x, y, options, cachedFirst);
      Phase second = phase(frozenModel.get(), x, y, options, !cachedFirst);
      Phase u = cachedFirst ? second : first;
      Phase c = cachedFirst ? first : second;
      if (!TransferLearning.sameWeights(u.weights(), c.weights())) {
        throw new IllegalStateException("the frozen-layer cache changed the weights (round " + round
            + "): training with it must give exactly the weights of training without it");
      }
      out.println(line(round, "uncached", u));
      out.println(line(round, "cached", c));
      if (round > 1) {
        uncached.add(u);
        cached.add(c);
      }
    }
    double[] firstEpoch = {median(uncached, p -> p.epochNanos()[0]), median(cached, p -> p.epochNanos()[0])};
    double[] laterEpoch = {laterEpochs(uncached), laterEpochs(cached)};
    double[] whole = {median(uncached, Phase::totalNanos), median(cached, Phase::totalNanos)};
    out.printf(Locale.ROOT, "Medians of rounds 2-%d (ms)   epoch 1 (fills the cache)   epochs 2-%d   whole phase%n",
        rounds, epochs);
    out.printf(Locale.ROOT, "  without the cache         %12.2f %20.3f %13.2f%n", firstEpoch[0] / 1e6, laterEpoch[0] / 1e6,
        whole[0] / 1e6);
    out.printf(Locale.ROOT, "  with the cache            %12.2f %20.3f %13.2f%n", firstEpoch[1] / 1e6, laterEpoch[1] / 1e6,
        whole[1] / 1e6);
    out.printf(Locale.ROOT, "  uncached / cached         %11.1fx %19.1fx %12.1fx%n", firstEpoch[0] / firstEpoch[1],
        laterEpoch[0] / laterEpoch[1], whole[0] / whole[1]);
    out.printf(Locale.ROOT, "A cached epoch after the first is %.1fx faster than uncached; weights identical in all %d"
        + " rounds%n", laterEpoch[0] / laterEpoch[1], rounds);
  }

  /** Trains the frozen phase of {@code model}, timing each epoch. */
  private static Phase phase(Model model, Tensor x, Tensor y, FitOptions options, boolean cache) {
    long[] nanos = new long[options.epochs()];
    Callback timer = new Callback() {
      @Override
      public void onEpochBegin(EpochStart event) {
        nanos[event.epoch()] = System.nanoTime();
      }

      @Override
      public void onEpochEnd(EpochEnd event) {
        nanos[event.epoch()] = System.nanoTime() - nanos[event.epoch()];
      }
    };
    long start = System.nanoTime();
    model.fit(x, y, options.verbose(false).cacheFrozenLayers(cache).callbacks(timer));
    return new Phase(nanos, System.nanoTime() - start, model.weights());
  }

  private static String line(int round, String kind, Phase p) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "round %2d %-8s  epochs", round, kind));
    for (long n : p.epochNanos()) {
      s.append(String.format(Locale.ROOT, " %8.3f", n / 1e6));
    }
    return s.append(String.format(Locale.ROOT, "   whole phase %8.2f", p.totalNanos() / 1e6)).toString();
  }

  /** The median time of the epochs after the first (which fills the cache), over all the phases. */
  private static double laterEpochs(List<Phase> phases) {
    return Bench.median(phases.stream().flatMapToLong(p -> Arrays.stream(p.epochNanos(), 1, p.epochNanos().length))
        .asDoubleStream().toArray());
  }

  private static double median(List<Phase> phases, ToDoubleFunction<Phase> value) {
    return Bench.median(phases.stream().mapToDouble(value).toArray());
  }
}
