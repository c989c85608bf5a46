// SPDX-License-Identifier: Apache-2.0

@NullMarked
package dev.lamina.data;

import org.jspecify.annotations.NullMarked;
