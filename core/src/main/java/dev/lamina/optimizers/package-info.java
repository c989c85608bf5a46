@NullMarked
package dev.lamina.optimizers;

import org.jspecify.annotations.NullMarked;
