// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import dev.lamina.activations.Activation;
import dev.lamina.tensor.Matrix;

/**
 * A layer whose output is an activation of a pre-activation it keeps in its frame. Lets training
 * fuse a final softmax or sigmoid with its cross-entropy loss: the loss is computed from the
 * logits and the gradient {@code p − y} enters below the activation.
 */
public interface Activated {

  /** The activation applied last. */
  Activation activation();

  /**
   * The pre-activation (logits) of the frame's latest forward pass. A convolution with a ReLU keeps
   * none in an inference pass (its output suffices for backward) and then throws
   * {@link IllegalStateException}.
   */
  Matrix preActivation(Frame frame);

  /** Like {@link Layer#backward}, but given the gradient with respect to the pre-activation. */
  void backwardFromPreActivation(Frame frame, Matrix preActivationGradient);
}
