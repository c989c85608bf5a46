@NullMarked
package dev.lamina.math;

import org.jspecify.annotations.NullMarked;
