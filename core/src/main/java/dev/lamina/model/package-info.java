// SPDX-License-Identifier: Apache-2.0

@NullMarked
package dev.lamina.model;

import org.jspecify.annotations.NullMarked;
