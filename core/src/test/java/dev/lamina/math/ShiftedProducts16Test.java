// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

/** {@link ShiftedProducts16} against the shifted-products contract, on any machine. */
class ShiftedProducts16Test extends ShiftedProductsContract {
  @Override
  ShiftedProducts products() {
    return new ShiftedProducts16();
  }
}
