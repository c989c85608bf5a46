// SPDX-License-Identifier: Apache-2.0

@NullMarked
package dev.lamina.metrics;

import org.jspecify.annotations.NullMarked;
