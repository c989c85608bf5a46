@NullMarked
package dev.lamina.layers;

import org.jspecify.annotations.NullMarked;
