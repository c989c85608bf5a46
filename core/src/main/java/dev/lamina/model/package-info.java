@NullMarked
package dev.lamina.model;

import org.jspecify.annotations.NullMarked;
