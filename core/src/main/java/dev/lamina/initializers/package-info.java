// SPDX-License-Identifier: Apache-2.0

@NullMarked
package dev.lamina.initializers;

import org.jspecify.annotations.NullMarked;
