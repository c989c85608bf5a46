@NullMarked
package dev.lamina.activations;

import org.jspecify.annotations.NullMarked;
