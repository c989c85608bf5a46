// SPDX-License-Identifier: Apache-2.0

@NullMarked
package dev.lamina.schedules;

import org.jspecify.annotations.NullMarked;
