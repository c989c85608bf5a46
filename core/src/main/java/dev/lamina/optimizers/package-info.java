// SPDX-License-Identifier: Apache-2.0

@NullMarked
package dev.lamina.optimizers;

import org.jspecify.annotations.NullMarked;
