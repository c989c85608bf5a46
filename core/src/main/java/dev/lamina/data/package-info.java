@NullMarked
package dev.lamina.data;

import org.jspecify.annotations.NullMarked;
