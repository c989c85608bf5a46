@NullMarked
package dev.lamina.regularizers;

import org.jspecify.annotations.NullMarked;
