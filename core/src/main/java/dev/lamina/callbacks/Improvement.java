// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

/**
 * The one rule for "is this value an improvement" that every monitoring callback shares, as Keras'
 * {@code MonitorCallback._is_improvement}: {@code monitor_op(current − min_delta, reference)}
 * with min_delta made negative when lower is better. So under MIN a value improves on the
 * reference when {@code current + |minDelta| < reference}, under MAX when
 * {@code current − |minDelta| > reference}; a NaN never improves.
 */
final class Improvement {
  private final String callback;
  private final Monitor monitor;
  private final boolean higherIsBetter;
  private final double minDelta;

  /**
   * @throws IllegalArgumentException if minDelta is not finite, or mode is AUTO and the monitor's
   *     name gives no direction
   */
  Improvement(String callback, Monitor monitor, MonitorMode mode, double minDelta) {
    this(callback, monitor, monitor.higherIsBetter(mode), minDelta);
  }

  /** @throws IllegalArgumentException if minDelta is not finite */
  Improvement(String callback, Monitor monitor, boolean higherIsBetter, double minDelta) {
    if (!Double.isFinite(minDelta)) {
      throw new IllegalArgumentException(callback + ": minDelta must be finite, but was " + minDelta);
    }
    this.callback = callback;
    this.monitor = monitor;
    this.higherIsBetter = higherIsBetter;
    this.minDelta = Math.abs(minDelta);
  }

  Monitor monitor() {
    return monitor;
  }

  /** Whether {@code current} improves on {@code reference} by more than minDelta. */
  boolean test(double current, double reference) {
    return higherIsBetter ? current - minDelta > reference : current + minDelta < reference;
  }

  /** The reference that any finite value improves on: +∞ under MIN, −∞ under MAX. */
  double worst() {
    return higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }

  /** The monitored value at the end of an epoch, with a message naming the callback if missing. */
  double valueIn(EpochEnd event) {
    if (!event.has(monitor.name())) {
      throw new IllegalStateException(callback + ": monitor " + monitor.name() + " was not logged; logged are "
          + event.logs().keySet() + (monitor.name().startsWith("val_") ? "; validation needs FitOptions.validationData "
          + "or validationSplit" : ""));
    }
    return event.get(monitor.name());
  }
}
