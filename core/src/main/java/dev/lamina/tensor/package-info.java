// SPDX-License-Identifier: Apache-2.0

@NullMarked
package dev.lamina.tensor;

import org.jspecify.annotations.NullMarked;
