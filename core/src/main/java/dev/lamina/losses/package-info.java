// SPDX-License-Identifier: Apache-2.0

@NullMarked
package dev.lamina.losses;

import org.jspecify.annotations.NullMarked;
