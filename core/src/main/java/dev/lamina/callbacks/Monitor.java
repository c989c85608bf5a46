// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

/**
 * A quantity that callbacks watch at the end of each epoch, by its log name (Keras
 * {@code monitor="val_loss"}), typed so that misspellings are caught when the first epoch ends
 * with a message listing what was logged.
 *
 * <pre>{@code
 * EarlyStopping.builder().monitor(Monitor.VAL_ACCURACY).patience(5).build();
 * ReduceLROnPlateau.builder().monitor(Monitor.of("val_binary_accuracy")).build();
 * }</pre>
 *
 * @param name the log name, not blank
 */
public record Monitor(String name) {
  /** The training loss. */
  public static final Monitor LOSS = new Monitor("loss");
  /** The validation loss, the default of Keras' monitoring callbacks. */
  public static final Monitor VAL_LOSS = new Monitor("val_loss");
  /** The training accuracy. */
  public static final Monitor ACCURACY = new Monitor("accuracy");
  /** The validation accuracy. */
  public static final Monitor VAL_ACCURACY = new Monitor("val_accuracy");

  public Monitor {
    if (name.isBlank()) {
      throw new IllegalArgumentException("Monitor: name must not be blank, but was '" + name + "'");
    }
  }

  /** The quantity logged as {@code name}. */
  public static Monitor of(String name) {
    return new Monitor(name);
  }

  /**
   * Its value at the end of an epoch.
   *
   * @throws IllegalArgumentException if it was not logged
   */
  public double valueIn(EpochEnd event) {
    return event.get(name);
  }

  /**
   * Whether higher is better under {@code mode}, deciding {@link MonitorMode#AUTO} by the name.
   *
   * @throws IllegalArgumentException if mode is AUTO and the name says neither
   */
  public boolean higherIsBetter(MonitorMode mode) {
    if (mode != MonitorMode.AUTO) {
      return mode == MonitorMode.MAX;
    }
    String metric = name.startsWith("val_") ? name.substring(4) : name;
    if (metric.contains("acc")) {
      return true;
    }
    if (metric.endsWith("loss") || metric.endsWith("error")) {
      return false;
    }
    throw new IllegalArgumentException("Monitor(name=" + name + "): MonitorMode.AUTO cannot tell whether it should rise or "
        + "fall; pass MonitorMode.MAX or MonitorMode.MIN");
  }
}
