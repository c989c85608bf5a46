// SPDX-License-Identifier: Apache-2.0

package dev.lamina.examples

import dev.lamina.activations.Activations.ELU
import dev.lamina.activations.Activations.SOFTMAX
import dev.lamina.callbacks.EarlyStopping
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
import dev.lamina.model.Sequential
import dev.lamina.optimizers.Optimizers
import dev.lamina.spark.SparkTrainer
import dev.lamina.spark.TrainingData
import org.apache.spark.SparkConf
import org.apache.spark.api.java.JavaSparkContext
import kotlin.system.exitProcess

/** The test accuracy this network reaches on the digits with 2 workers (about 0.96), with a margin. */
private const val MIN_ACCURACY = 0.9

private const val SEED = 42L

/**
 * The model, made the same way on the driver and, through the factory `::digitsNetwork`, on the
 * executors. A reference to a top-level function captures nothing, so Spark can serialise it; a
 * reference to a function of an `object` (`Network::create`) captures the object, which is not
 * serialisable, and fails with "Task not serializable".
 */
fun digitsNetwork(): Sequential {
    val model = Network.sequential(SEED, input(8, 8),
        flatten(),
        dense(64).activation(ELU).kernelInitializer(heNormal()),
        dense(32).activation(ELU).kernelInitializer(heNormal()),
        dense(10).activation(SOFTMAX),
    )
    model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().learningRate(3e-3).build(), Metrics.accuracy())
    return model
}

/**
 * Trains the digits network data-parallel with lamina-spark, 2 workers averaging their models every
 * 20 steps, with a validation split and early stopping on the driver, then evaluates it on the
 * held-out images. Run alone it trains in `local[2]` (two task threads of this JVM); under
 * spark-submit, on the cluster given there. Exits with 1 when the test accuracy falls short.
 */
fun main() {
    val digits = Digits.load()
    val split = Split.stratified(digits.dataset(), 0.2, SEED)
    val (train, test) = split.train to split.validation

    val conf = SparkConf().setAppName("kotlin-spark")
        .setIfMissing("spark.master", "local[2]") // spark-submit's --master wins
        .setIfMissing("spark.ui.enabled", "false")
    val sc = JavaSparkContext(conf)
    val accuracy: Double
    try {
        sc.setLogLevel("WARN")
        val model = digitsNetwork()
        val history = SparkTrainer.of(sc).workers(2).stepsPerSync(20)
            .fit(model, ::digitsNetwork, TrainingData.arrays(train.features, train.labels),
                FitOptions.defaults().epochs(10).batchSize(16).seed(SEED).verbose(false).validationSplit(0.1)
                    .callbacks(EarlyStopping.builder().patience(3).restoreBestWeights(true).build()))
        accuracy = model.evaluate(test.features, test.labels)["accuracy"]
        println("Kotlin on Spark: %d epochs with 2 workers on %s, test accuracy %.4f on %d images"
            .format(history.epochs(), sc.master(), accuracy, test.size()))
    } finally {
        sc.stop()
    }
    if (accuracy < MIN_ACCURACY) {
        System.err.println("Kotlin on Spark: FAILED (accuracy %.4f, need %.2f)".format(accuracy, MIN_ACCURACY))
        exitProcess(1)
    }
}
