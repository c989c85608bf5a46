// SPDX-License-Identifier: Apache-2.0

@NullMarked
package dev.lamina.math;

import org.jspecify.annotations.NullMarked;
