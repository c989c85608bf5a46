// SPDX-License-Identifier: Apache-2.0

/**
 * The fluent way to define networks, top to bottom, with no layer indices:
 *
 * <pre>{@code
 * import static dev.lamina.dsl.Layers.*;
 *
 * Sequential model = Network.sequential(42, input(28, 28),
 *     flatten(),
 *     dense(300).activation(ELU).kernelInitializer(heNormal()),
 *     dense(100).activation(ELU).kernelInitializer(heNormal()),
 *     dense(10).activation(SOFTMAX));
 * }</pre>
 */
@NullMarked
package dev.lamina.dsl;

import org.jspecify.annotations.NullMarked;
