// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import dev.lamina.model.Model;

/**
 * The start of a batch. One object per fit, updated in place, so that the per-batch hooks
 * allocate nothing: read it during the call, don't keep it.
 */
public interface BatchStart {

  /** The 0-based epoch index. */
  int epoch();

  /** The 0-based batch index within the epoch. */
  int batch();

  /** The model being trained. */
  Model model();
}
