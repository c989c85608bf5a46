@NullMarked
package dev.lamina.losses;

import org.jspecify.annotations.NullMarked;
