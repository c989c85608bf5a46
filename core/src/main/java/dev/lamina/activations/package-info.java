// SPDX-License-Identifier: Apache-2.0

@NullMarked
package dev.lamina.activations;

import org.jspecify.annotations.NullMarked;
