// SPDX-License-Identifier: Apache-2.0

/**
 * Data-parallel training of Lamina models on Apache Spark: {@link dev.lamina.spark.SparkTrainer}.
 */
@NullMarked
package dev.lamina.spark;

import org.jspecify.annotations.NullMarked;
