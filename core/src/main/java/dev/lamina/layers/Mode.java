package dev.lamina.layers;

/**
 * Whether a forward pass is for training or for inference. Passed explicitly to every layer
 * (Keras' {@code training} argument); there is no global flag.
 */
public enum Mode {
  /** Training: dropout drops, batch normalisation uses batch statistics, RReLU draws slopes. */
  TRAIN,
  /** Inference: every layer is deterministic. */
  INFER
}
