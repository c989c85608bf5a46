// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import static dev.lamina.activations.Activations.ELU;
import static dev.lamina.activations.Activations.SIGMOID;
import static dev.lamina.activations.Activations.SOFTMAX;
import static dev.lamina.dsl.Layers.dense;
import static dev.lamina.dsl.Layers.input;
import static dev.lamina.initializers.Initializers.heNormal;

import dev.lamina.dsl.Network;
import dev.lamina.losses.Losses;
import dev.lamina.metrics.Metrics;
import dev.lamina.model.FitOptions;
import dev.lamina.model.History;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.samples.plots.Labels;
import dev.lamina.samples.plots.Plots;
import dev.lamina.samples.plots.Scale;
import dev.lamina.samples.plots.Series;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Unsupervised pretraining: when labels are scarce, first train an autoencoder (a Dense encoder
 * and decoder, MSE on the pixels) on all the images without their labels, then reuse its encoder,
 * under a new softmax layer trained on only a few labelled images, either frozen or fine-tuned
 * with the new layer; compared with the same classifier trained from scratch on the same labels.
 *
 * <p>With a hundred labels the test accuracy moves by a few points from one epoch to the next, so
 * each classifier is judged by its mean test accuracy over the last {@value #LAST_EPOCHS} epochs,
 * and the printout says plainly whether pretraining beat training from scratch.
 */
public final class UnsupervisedPretraining {
  private UnsupervisedPretraining() {}

  /** Epochs over which the test accuracy is averaged. */
  static final int LAST_EPOCHS = 5;

  /**
   * The autoencoder's reconstruction loss, each classifier's mean test accuracy over the last
   * {@value #LAST_EPOCHS} epochs, and the plot.
   */
  public record Result(double reconstructionLoss, double frozenAccuracy, double fineTunedAccuracy,
      double scratchAccuracy, int labels, Path plot) {}

  public static Result run(SampleData data, int labels, int autoencoderEpochs, int epochs, long seed, Path plots) {
    int features = data.features();
    Sequential autoencoder = Network.sequential(seed, input(features),
        dense(128, ELU).kernelInitializer(heNormal()), dense(32, ELU).kernelInitializer(heNormal()),
        dense(128, ELU).kernelInitializer(heNormal()), dense(features, SIGMOID));
    autoencoder.compile(Losses.meanSquaredError(), Optimizers.adam().build());
    History reconstruction = autoencoder.fit(data.trainImages(), data.trainImages(),
        FitOptions.defaults().epochs(autoencoderEpochs).seed(seed).verbose(false));
    System.out.printf(Locale.ROOT, "  autoencoder %d-128-32-128-%d on %d unlabelled images: MSE %.4f -> %.4f%n",
        features, features, data.trainImages().samples(), reconstruction.get("loss").get(0),
        reconstruction.last("loss"));

    SampleData few = data.firstTraining(labels);
    Sequential frozen = autoencoder.firstLayers(2).append(seed, dense(data.classes(), SOFTMAX));
    String encoder = frozen.layers().subList(0, 2).stream().map(l -> Pattern.quote(l.name()))
        .collect(Collectors.joining("|"));
    frozen.freeze(encoder);
    Sequential fineTuned = autoencoder.firstLayers(2).append(seed, dense(data.classes(), SOFTMAX));
    Sequential scratch = Network.sequential(seed, input(features), dense(128, ELU).kernelInitializer(heNormal()),
        dense(32, ELU).kernelInitializer(heNormal()), dense(data.classes(), SOFTMAX));
    History hf = train(frozen, few, epochs, seed);
    History ht = train(fineTuned, few, epochs, seed);
    History hs = train(scratch, few, epochs, seed);
    // the validation data is the test set: val_accuracy is the test accuracy after each epoch
    double frozenAccuracy = meanOfLast(hf.get("val_accuracy"));
    double fineTunedAccuracy = meanOfLast(ht.get("val_accuracy"));
    double scratchAccuracy = meanOfLast(hs.get("val_accuracy"));
    int n = Math.min(LAST_EPOCHS, epochs);
    System.out.printf(Locale.ROOT, "  classifier on %d labels, mean test accuracy over epochs %d-%d: pretrained encoder "
        + "frozen %.3f, pretrained encoder fine-tuned %.3f, from scratch %.3f%n", few.trainImages().samples(),
        epochs - n + 1, epochs, frozenAccuracy, fineTunedAccuracy, scratchAccuracy);
    System.out.println("  " + verdict("frozen", frozenAccuracy, scratchAccuracy) + "; "
        + verdict("fine-tuned", fineTunedAccuracy, scratchAccuracy));
    Path plot = Plots.curves(SampleSupport.file(plots, "unsupervised-pretraining.png"),
        new Labels("Few labels (" + few.trainImages().samples() + "): test accuracy by epoch", "epoch", "test accuracy"),
        List.of(Series.byEpoch("pretrained encoder, frozen", hf.get("val_accuracy")),
            Series.byEpoch("pretrained encoder, fine-tuned", ht.get("val_accuracy")),
            Series.byEpoch("from scratch", hs.get("val_accuracy"))), Scale.LINEAR);
    System.out.println("  plot: " + plot);
    return new Result(reconstruction.last("loss"), frozenAccuracy, fineTunedAccuracy, scratchAccuracy,
        few.trainImages().samples(), plot);
  }

  /** The mean of the last {@link #LAST_EPOCHS} values (all if fewer). */
  static double meanOfLast(List<Double> values) {
    return values.subList(Math.max(0, values.size() - LAST_EPOCHS), values.size()).stream()
        .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** "the X encoder beats / does not beat / ties training from scratch (±d points)". */
  static String verdict(String variant, double pretrained, double scratch) {
    double points = 100 * (pretrained - scratch);
    String outcome = Math.abs(points) < 0.5 ? "ties with" : points > 0 ? "beats" : "does not beat";
    return String.format(Locale.ROOT, "the %s pretrained encoder %s training from scratch (%+.1f points)", variant,
        outcome, points);
  }

  private static History train(Sequential model, SampleData few, int epochs, long seed) {
    // 0.01 rather than Adam's default 0.001: with few labels there are few steps, and the frozen
    // encoder's codes are not scaled like fresh activations, so the new head needs larger steps.
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().learningRate(0.01).build(),
        Metrics.accuracy());
    return model.fit(few.trainImages(), few.trainLabels(), FitOptions.defaults().epochs(epochs).seed(seed)
        .verbose(false).validationData(few.testImages(), few.testLabels()));
  }

  public static void main(String[] args) {
    run(SampleData.digits(42), 100, 30, 30, 42, Path.of(args.length > 0 ? args[0] : "plots"));
  }
}
