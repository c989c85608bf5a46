// SPDX-License-Identifier: Apache-2.0

/**
 * Callbacks: code that {@code Model.fit} calls at the start and end of training, of each
 * epoch and of each batch, with typed events (Keras {@code keras.callbacks}). Monitored
 * quantities are {@link dev.lamina.callbacks.Monitor}s and directions {@link dev.lamina.callbacks.MonitorMode}s,
 * not strings.
 */
@NullMarked
package dev.lamina.callbacks;

import org.jspecify.annotations.NullMarked;
