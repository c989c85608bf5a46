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
 */
public final class UnsupervisedPretraining {
  private UnsupervisedPretraining() {}

  /** The autoencoder's reconstruction loss, both classifiers' test accuracy, and the plot. */
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
    double frozenAccuracy = frozen.evaluate(data.testImages(), data.testLabels()).get("accuracy");
    double fineTunedAccuracy = fineTuned.evaluate(data.testImages(), data.testLabels()).get("accuracy");
    double scratchAccuracy = scratch.evaluate(data.testImages(), data.testLabels()).get("accuracy");
    System.out.printf(Locale.ROOT, "  classifier on %d labels, test accuracy: pretrained encoder frozen %.3f, "
        + "pretrained encoder fine-tuned %.3f, from scratch %.3f%n", few.trainImages().samples(), frozenAccuracy,
        fineTunedAccuracy, scratchAccuracy);
    Path plot = Plots.curves(SampleSupport.file(plots, "unsupervised-pretraining.png"),
        new Labels("Few labels (" + few.trainImages().samples() + "): test accuracy by epoch", "epoch", "test accuracy"),
        List.of(Series.byEpoch("pretrained encoder, frozen", hf.get("val_accuracy")),
            Series.byEpoch("pretrained encoder, fine-tuned", ht.get("val_accuracy")),
            Series.byEpoch("from scratch", hs.get("val_accuracy"))), Scale.LINEAR);
    System.out.println("  plot: " + plot);
    return new Result(reconstruction.last("loss"), frozenAccuracy, fineTunedAccuracy, scratchAccuracy,
        few.trainImages().samples(), plot);
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
