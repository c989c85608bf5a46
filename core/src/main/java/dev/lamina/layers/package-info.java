// SPDX-License-Identifier: Apache-2.0

@NullMarked
package dev.lamina.layers;

import org.jspecify.annotations.NullMarked;
