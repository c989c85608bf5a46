// SPDX-License-Identifier: Apache-2.0

@NullMarked
package dev.lamina.constraints;

import org.jspecify.annotations.NullMarked;
