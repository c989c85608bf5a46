// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

/** {@link ShiftedProducts32} against the shifted-products contract, on any machine. */
class ShiftedProducts32Test extends ShiftedProductsContract {
  @Override
  ShiftedProducts products() {
    return new ShiftedProducts32();
  }
}
