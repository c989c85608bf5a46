// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

/**
 * A layer that draws random numbers in training ({@link Dropout}, {@link AlphaDropout},
 * {@link RReLU}, or a user's noise layer) from its {@link Frame#random()} generator. Models reseed
 * these generators at every epoch from (seed, node, epoch), so training resumed from a checkpoint
 * at epoch k draws exactly what an uninterrupted run draws. The frozen-layer cache never caches
 * such a layer, whose training outputs change from epoch to epoch.
 */
public interface Stochastic {}
