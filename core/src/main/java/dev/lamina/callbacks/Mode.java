package dev.lamina.callbacks;

/**
 * Whether a monitored quantity improves by falling or by rising (Keras {@code mode="min"|"max"|"auto"}).
 */
public enum Mode {
  /** Lower is better. */
  MIN,
  /** Higher is better. */
  MAX,
  /**
   * Decided by the name, as Keras: higher is better for accuracy-like quantities (the name without
   * {@code val_} contains {@code "acc"}), lower for losses and errors (it is {@code "loss"} or ends
   * with {@code "loss"} or {@code "error"}); any other name is rejected, as Keras 3 does.
   */
  AUTO
}
