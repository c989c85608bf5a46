// SPDX-License-Identifier: Apache-2.0

@NullMarked
package dev.lamina.regularizers;

import org.jspecify.annotations.NullMarked;
