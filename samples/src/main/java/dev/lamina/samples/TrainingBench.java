// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import dev.lamina.callbacks.BatchStart;
import dev.lamina.callbacks.Callback;
import dev.lamina.callbacks.EpochEnd;
import dev.lamina.callbacks.EpochStart;
import dev.lamina.callbacks.TrainBegin;
import dev.lamina.data.FashionMnist;
import dev.lamina.losses.Losses;
import dev.lamina.model.FitOptions;
import dev.lamina.model.Model;
import dev.lamina.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The training workloads ({@code bn}, {@code plain}, {@code cnn}, {@code resnet}), measured as the
 * PyTorch scripts measure them: the workload's model trained from logits with sparse categorical
 * cross-entropy on the first {@code train-samples} training images (all for the dense workloads);
 * throughput = training samples / wall time of an epoch's training loop, median over epochs 2..N;
 * test accuracy on all the test images after the last epoch. The RESULT line has the scripts'
 * keys plus the bytes allocated per batch in the last epoch and the peak RSS.
 */
final class TrainingBench {
  /** The batch size of the test-accuracy pass (the CNN script's). */
  private static final int EVALUATION_BATCH = 500;

  private TrainingBench() {}

  static String run(Bench.Options o, Workload w, FashionMnist data) {
    int batch = o.batch() > 0 ? o.batch() : w.batch();
    int epochs = o.epochs() > 0 ? o.epochs() : w.epochs();
    int available = data.trainImages().samples();
    int wanted = o.trainSamples() > 0 ? o.trainSamples() : w.trainSamples();
    int n = wanted > 0 ? Math.min(wanted, available) : available;
    Tensor x = w.inputs(n == available ? data.trainImages() : data.trainImages().rows(0, n));
    Tensor y = n == available ? data.trainLabels() : data.trainLabels().rows(0, n);
    Model model = w.model(o.seed());
    long parameters = model.parameters().stream().filter(p -> !p.isState()).mapToLong(p -> p.size()).sum();
    System.out.printf(Locale.ROOT, "%s: %,d trainable parameters, %,d training images, batch %d, %d epochs,"
        + " %d thread(s)%n", w.id(), parameters, n, batch, epochs, o.threads());
    model.compile(Losses.sparseCategoricalCrossentropy(true), w.optimizer());
    EpochClock clock = new EpochClock(n, epochs);
    model.fit(x, y, FitOptions.defaults().epochs(epochs).batchSize(batch).seed(o.seed()).threads(o.threads())
        .verbose(false).callbacks(clock));
    double testAcc = accuracy(model.predict(w.inputs(data.testImages()), EVALUATION_BATCH, o.threads()),
        data.testLabels());
    List<String> rows = new ArrayList<>();
    for (int epoch = 0; epoch < epochs; epoch++) {
      boolean last = epoch == epochs - 1;
      String acc = last ? String.format(Locale.ROOT, "%.4f", testAcc) : "null";
      rows.add(String.format(Locale.ROOT,
          "{\"epoch\": %d, \"seconds\": %.4f, \"samples_per_s\": %.1f, \"train_loss\": %.6f, \"test_acc\": %s}",
          epoch + 1, clock.seconds[epoch], n / clock.seconds[epoch], clock.loss[epoch], acc));
    }
    double[] rates = Arrays.stream(clock.seconds).map(sec -> n / sec).toArray();
    double[] later = epochs > 1 ? Arrays.copyOfRange(rates, 1, rates.length) : rates.clone();
    double median = Bench.median(later);
    double peak = Bench.peakRssMegabytes();
    System.out.printf(Locale.ROOT, "%s threads=%d: median %,.0f samples/s, test_acc %.4f, %.0f bytes allocated per"
        + " batch in the last epoch, peak RSS %.0f MB%n", w.id(), o.threads(), median, testAcc, clock.bytesPerBatch,
        peak);
    return String.format(Locale.ROOT,
        "RESULT {\"workload\": \"%s\", \"threads\": %d, \"blas_threads\": %d, \"batch\": %d, \"epochs\": %d,"
            + " \"train_samples\": %d, \"samples_per_s_median\": %.1f, \"samples_per_s_min\": %.1f,"
            + " \"samples_per_s_max\": %.1f, \"test_acc\": %.4f, \"alloc_bytes_per_batch\": %s, \"peak_rss_mb\": %s,"
            + " \"epochs_detail\": [%s], \"env\": %s}",
        w.id(), o.threads(), o.threads(), batch, epochs, n, median, Bench.min(later), Bench.max(later), testAcc,
        Bench.json(clock.bytesPerBatch), Bench.json(peak), String.join(", ", rows), Bench.env());
  }

  /** The fraction of rows whose largest output is the label. */
  static double accuracy(Tensor outputs, Tensor labels) {
    int classes = outputs.dim(1);
    float[] p = outputs.data();
    int correct = 0;
    for (int i = 0; i < labels.samples(); i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (p[i * classes + c] > p[i * classes + best]) {
          best = c;
        }
      }
      correct += best == (int) labels.data()[i] ? 1 : 0;
    }
    return (double) correct / labels.samples();
  }

  /**
   * Times each epoch of one {@code fit} (from its first batch to its end, validation excluded as
   * there is none) and counts the bytes allocated per batch over the last epoch, from its 10th
   * batch to its last (the steady state), by every thread alive at the 10th: the caller and the
   * worker pool ({@link AllocationMeter}). With 10 batches or fewer per epoch there is no figure.
   */
  private static final class EpochClock implements Callback {
    private static final int SETTLE_BATCHES = 10;
    private final int samples;
    final double[] seconds;
    final double[] loss;
    double bytesPerBatch = Double.NaN;
    private long start;
    private @Nullable AllocationMeter meter;
    private int steps;

    EpochClock(int samples, int epochs) {
      this.samples = samples;
      this.seconds = new double[epochs];
      this.loss = new double[epochs];
    }

    @Override
    public void onEpochBegin(EpochStart event) {
      start = System.nanoTime();
    }

    @Override
    public void onTrainBegin(TrainBegin event) {
      steps = event.stepsPerEpoch();
    }

    /** Reads the counters at the start of batch 10 and of the last batch of the last epoch. */
    @Override
    public void onBatchBegin(BatchStart event) {
      int last = steps - 1;
      if (event.epoch() != seconds.length - 1 || last <= SETTLE_BATCHES) {
        return;
      }
      if (event.batch() == SETTLE_BATCHES) {
        meter = AllocationMeter.start();
      } else if (event.batch() == last && meter != null) {
        bytesPerBatch = (double) meter.bytes() / (last - SETTLE_BATCHES);
      }
    }

    @Override
    public void onEpochEnd(EpochEnd event) {
      int epoch = event.epoch();
      seconds[epoch] = (System.nanoTime() - start) / 1e9;
      loss[epoch] = event.loss();
      System.out.printf(Locale.ROOT, "epoch %d: %.3f s  %,.0f samples/s  loss %.4f%n", epoch + 1, seconds[epoch],
          samples / seconds[epoch], loss[epoch]);
    }
  }
}
