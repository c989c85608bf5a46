@NullMarked
package dev.lamina.tensor;

import org.jspecify.annotations.NullMarked;
