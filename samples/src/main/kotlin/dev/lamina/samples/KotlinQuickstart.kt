// SPDX-License-Identifier: Apache-2.0

@file:JvmName("KotlinQuickstart")

package dev.lamina.samples

import dev.lamina.activations.Activations.ELU
import dev.lamina.activations.Activations.SOFTMAX
import dev.lamina.callbacks.Callback
import dev.lamina.data.Digits
import dev.lamina.data.Split
import dev.lamina.dsl.Layers.activation
import dev.lamina.dsl.Layers.add
import dev.lamina.dsl.Layers.dense
import dev.lamina.dsl.Layers.flatten
import dev.lamina.dsl.Layers.input
import dev.lamina.dsl.Network
import dev.lamina.initializers.Initializers.heNormal
import dev.lamina.losses.Losses
import dev.lamina.metrics.Metrics
import dev.lamina.model.Evaluation
import dev.lamina.model.FitOptions
import dev.lamina.model.History
import dev.lamina.model.Model
import dev.lamina.model.Sequential
import dev.lamina.onnx.OnnxExporter
import dev.lamina.onnx.OnnxRuntimeCheck
import dev.lamina.optimizers.Optimizers
import dev.lamina.samples.plots.Plots
import java.nio.file.Files
import java.nio.file.Path

/** What [trainOnDigits] returns: the trained model, the per-epoch history and the test evaluation. */
data class QuickstartResult(val model: Sequential, val history: History, val evaluation: Evaluation) {
    val accuracy: Double get() = evaluation["accuracy"]
}

/**
 * The quickstart in Kotlin: a small ELU network with He initialisation learns the embedded
 * handwritten digits (8×8 images), trained with Adam, then evaluated on 20 % of the images held out.
 */
@JvmOverloads
fun trainOnDigits(digits: Digits = Digits.load(), epochs: Int = 15, seed: Long = 42): QuickstartResult {
    println("Data: ${digits.source}")
    val split = Split.stratified(digits.dataset(), 0.2, seed)
    val train = split.train
    val test = split.validation

    val model = Network.sequential(seed, input(8, 8),
        flatten(),
        dense(64).activation(ELU).kernelInitializer(heNormal()),
        dense(32).activation(ELU).kernelInitializer(heNormal()),
        dense(10).activation(SOFTMAX),
    )
    print(model.summary())
    model.compile(
        Losses.sparseCategoricalCrossentropy(),
        Optimizers.adam().learningRate(1e-3).build(),
        Metrics.accuracy(),
    )

    // Events are records, so Kotlin reads e.epoch as a property, and e["val_accuracy"] calls get.
    var best = -1 to 0.0
    val bestEpoch = Callback.onEpochEnd { e -> if (e["val_accuracy"] > best.second) best = e.epoch to e["val_accuracy"] }
    val options = FitOptions.defaults().epochs(epochs).batchSize(32).validationSplit(0.1).seed(seed).callbacks(bestEpoch)
    val history = model.fit(train.features, train.labels, options)
    println("Best validation accuracy %.4f, after epoch %d".format(best.second, best.first + 1))
    val evaluation = model.evaluate(test.features, test.labels)
    println("Test loss %.4f, test accuracy %.4f".format(evaluation.loss(), evaluation["accuracy"]))
    return QuickstartResult(model, history, evaluation)
}

/**
 * The functional API from Kotlin: layers are applied to symbolic tensors by calling them,
 * `dense(64)(h)`, here a small residual network on the digits, trained as [trainOnDigits] trains.
 */
@JvmOverloads
fun residualOnDigits(digits: Digits = Digits.load(), epochs: Int = 15, seed: Long = 42): Double {
    val split = Split.stratified(digits.dataset(), 0.2, seed)
    val x = input(8, 8)
    val h = dense(64).activation(ELU).kernelInitializer(heNormal())(flatten()(x))
    val r = dense(64).kernelInitializer(heNormal())(dense(64).activation(ELU).kernelInitializer(heNormal())(h))
    val y = dense(10).activation(SOFTMAX)(activation(ELU)(add()(h, r)))
    val model: Model = Network.model(seed, x, y)
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().learningRate(1e-3).build(), Metrics.accuracy())
    model.fit(split.train.features, split.train.labels, FitOptions.defaults().epochs(epochs).seed(seed).verbose(false))
    val accuracy = model.evaluate(split.validation.features, split.validation.labels)["accuracy"]
    println("Residual network (functional API): test accuracy %.4f".format(accuracy))
    return accuracy
}

/**
 * Exports the trained model to ONNX (written atomically) and checks it in ONNX Runtime on random
 * inputs; returns the largest difference from Lamina's own predictions.
 */
fun exportToOnnx(model: Sequential, file: Path): Double {
    OnnxExporter.write(model, file)
    val check = OnnxRuntimeCheck.compare(model, Files.readAllBytes(file), 32, 7L)
    println("ONNX model: ${file.toAbsolutePath()} (ONNX Runtime agrees within %.1e)".format(check.maxAbsDiff))
    return check.maxAbsDiff
}

/** Trains, writes the learning curves to `plots/kotlin-quickstart.png` and the model to `plots/kotlin-quickstart.onnx`. */
fun main(args: Array<String>) {
    val result = trainOnDigits()
    val folder = Path.of(args.firstOrNull() ?: "plots")
    val png = Plots.learningCurves(result.history, folder.resolve("kotlin-quickstart.png"))
    println("Learning curves: ${png.toAbsolutePath()}")
    exportToOnnx(result.model, folder.resolve("kotlin-quickstart.onnx"))
    residualOnDigits()
}
