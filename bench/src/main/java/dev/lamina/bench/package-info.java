// SPDX-License-Identifier: Apache-2.0

/** JMH benchmarks of Lamina's kernels, built into {@code bench/target/benchmarks.jar}. */
@NullMarked
package dev.lamina.bench;

import org.jspecify.annotations.NullMarked;
