// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The path syntax; {@code ModelCheckpointTest} fills templates from real epochs. */
class PathTemplateTest {

  @Test
  void valuesWithoutAFormatAreWrittenAsPythonStr() {
    assertEquals("0.25", PathTemplate.python(0.25));
    assertEquals("123.0", PathTemplate.python(123));
    assertEquals("0.0001", PathTemplate.python(1e-4));
    assertEquals("1e-05", PathTemplate.python(1e-5));
    assertEquals("-1.5e-07", PathTemplate.python(-1.5e-7));
    assertEquals("1234567.0", PathTemplate.python(1234567));
    assertEquals("1e+16", PathTemplate.python(1e16));
    assertEquals("1.2345e+20", PathTemplate.python(1.2345e20));
    assertEquals("0.0", PathTemplate.python(0));
  }

  @Test
  void aPathWithoutBracesHasNoTemplateAndBadPlaceholdersAreRefused() {
    assertNull(PathTemplate.parse("model.ckpt"));
    assertEquals("ModelCheckpoint: a single '}' at index 1 of \"a}b\"; write }} for a brace",
        assertThrows(IllegalArgumentException.class, () -> PathTemplate.parse("a}b")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> PathTemplate.parse("m-{loss:x}"));
    assertThrows(IllegalArgumentException.class, () -> PathTemplate.parse("m-{loss:3d}"), "d only for the epoch");
  }
}
