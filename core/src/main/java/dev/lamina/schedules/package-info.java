@NullMarked
package dev.lamina.schedules;

import org.jspecify.annotations.NullMarked;
