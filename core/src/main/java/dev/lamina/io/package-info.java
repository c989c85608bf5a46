// SPDX-License-Identifier: Apache-2.0

/** File helpers shared by the modules: atomic replacement of model, checkpoint and data files. */
@NullMarked
package dev.lamina.io;

import org.jspecify.annotations.NullMarked;
