@NullMarked
package dev.lamina.metrics;

import org.jspecify.annotations.NullMarked;
