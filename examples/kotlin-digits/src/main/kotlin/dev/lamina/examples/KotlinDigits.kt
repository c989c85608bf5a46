// SPDX-License-Identifier: Apache-2.0

package dev.lamina.examples

import dev.lamina.activations.Activations.ELU
import dev.lamina.activations.Activations.SOFTMAX
import dev.lamina.data.Digits
import dev.lamina.data.Split
import dev.lamina.dsl.Layers.dense
import dev.lamina.dsl.Layers.flatten
import dev.lamina.dsl.Layers.input
import dev.lamina.dsl.Network
import dev.lamina.initializers.Initializers.heNormal
import dev.lamina.losses.Losses
import dev.lamina.metrics.Metrics
import dev.lamina.model.FitOptions
import dev.lamina.onnx.OnnxExporter
import dev.lamina.onnx.OnnxRuntimeCheck
import dev.lamina.optimizers.Optimizers
import java.nio.file.Files
import java.nio.file.Path
import kotlin.system.exitProcess

/** The test accuracy this network reaches on the digits (about 0.97), with a margin. */
private const val MIN_ACCURACY = 0.9

/** How far ONNX Runtime's probabilities may differ from Lamina's (float32 arithmetic). */
private const val TOLERANCE = 1e-5

private const val SEED = 42L

/**
 * Trains a small network on the handwritten digits embedded in lamina-core, exports it to ONNX and
 * checks the file in ONNX Runtime on the held-out images. Exits with 1 when the test accuracy or
 * the agreement with ONNX Runtime falls short.
 */
fun main(args: Array<String>) {
    val onnx = Path.of(args.firstOrNull() ?: "kotlin-digits.onnx")
    val digits = Digits.load()
    val split = Split.stratified(digits.dataset(), 0.2, SEED)
    val (train, test) = split.train to split.validation

    val model = Network.sequential(SEED, input(8, 8),
        flatten(),
        dense(64).activation(ELU).kernelInitializer(heNormal()),
        dense(32).activation(ELU).kernelInitializer(heNormal()),
        dense(10).activation(SOFTMAX),
    )
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().learningRate(1e-3).build(), Metrics.accuracy())
    model.fit(train.features, train.labels, FitOptions.defaults().epochs(15).seed(SEED).verbose(false))
    val accuracy = model.evaluate(test.features, test.labels)["accuracy"]
    println("Kotlin digits: test accuracy %.4f on %d images (%s)".format(accuracy, test.size(), digits.source))

    OnnxExporter.write(model, onnx)
    val check = OnnxRuntimeCheck.compare(model, Files.readAllBytes(onnx), test.features)
    println("Kotlin digits: $onnx, ONNX Runtime agrees within %.1e".format(check.maxAbsDiff))

    if (accuracy < MIN_ACCURACY || !check.within(TOLERANCE)) {
        System.err.println("Kotlin digits: FAILED (accuracy %.4f, need %.2f; ONNX Runtime difference %.1e, allowed %.0e)"
            .format(accuracy, MIN_ACCURACY, check.maxAbsDiff, TOLERANCE))
        exitProcess(1)
    }
}
