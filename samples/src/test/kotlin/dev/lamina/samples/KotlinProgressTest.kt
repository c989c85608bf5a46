// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples

import dev.lamina.activations.Activations.SOFTMAX
import dev.lamina.data.Digits
import dev.lamina.data.Split
import dev.lamina.dsl.Layers.dense
import dev.lamina.dsl.Layers.flatten
import dev.lamina.dsl.Layers.input
import dev.lamina.dsl.Network
import dev.lamina.losses.Losses
import dev.lamina.metrics.Metrics
import dev.lamina.model.FitOptions
import dev.lamina.optimizers.Optimizers
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** Progress from Kotlin: a lambda is a ProgressSink, by SAM conversion. */
class KotlinProgressTest {
    @Test
    fun aKotlinLambdaReceivesEachEpochLine() {
        val split = Split.stratified(Digits.load().dataset(), 0.2, 1L)
        val model = Network.sequential(1L, input(8, 8), flatten(), dense(10).activation(SOFTMAX))
        model.compile(Losses.sparseCategoricalCrossentropy(), Optimizers.adam().build(), Metrics.accuracy())
        val lines = mutableListOf<String>()
        model.fit(split.train.features, split.train.labels, FitOptions.defaults().epochs(2).progress { line -> lines += line })
        assertEquals(2, lines.size, lines.toString())
        assertTrue(lines[1].startsWith("Epoch 2/2 - "), lines[1])
    }
}
