@NullMarked
package dev.lamina.constraints;

import org.jspecify.annotations.NullMarked;
