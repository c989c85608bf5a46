@NullMarked
package dev.lamina.initializers;

import org.jspecify.annotations.NullMarked;
