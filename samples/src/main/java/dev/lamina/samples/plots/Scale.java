// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples.plots;

/** How an axis maps values: evenly, or by powers of ten (values must then be > 0). */
public enum Scale {
  LINEAR,
  LOG
}
