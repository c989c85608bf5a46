// SPDX-License-Identifier: Apache-2.0

/** PNG charts for the samples (learning curves, x-y curves, per-layer values), drawn with XChart. */
@NullMarked
package dev.lamina.samples.plots;

import org.jspecify.annotations.NullMarked;
