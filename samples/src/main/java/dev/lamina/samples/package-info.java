// SPDX-License-Identifier: Apache-2.0

/** Runnable experiments and the {@code lamina} command line. */
@NullMarked
package dev.lamina.samples;

import org.jspecify.annotations.NullMarked;
