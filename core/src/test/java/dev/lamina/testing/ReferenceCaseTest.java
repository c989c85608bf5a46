// SPDX-License-Identifier: Apache-2.0

package dev.lamina.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.testing.ReferenceCase.Tolerance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceCaseTest {

  @Test
  void readsEveryManifestOfTheReferenceSet() {
    Map<?, ?> index = ReferenceCase.index();
    List<?> cases = (List<?>) index.get("cases");
    assertTrue(!cases.isEmpty());
    for (Object o : cases) {
      ReferenceCase c = ReferenceCase.load((String) ((Map<?, ?>) o).get("path"));
      assertEquals(((Map<?, ?>) o).get("kind"), c.string("kind"), c.path());
      for (String name : c.arrayNames()) {
        if (c.string("arrays", name, "dtype").equals("int32")) {
          assertEquals(c.size(name), c.i32(name).length, c.path() + " " + name);
        } else {
          assertEquals(c.size(name), c.f32(name).length, c.path() + " " + name);
        }
      }
    }
  }

  @Test
  void toleranceIsAbsolutePlusRelative() {
    Tolerance t = new Tolerance(1e-5, 1e-3);
    assertEquals(1e-5 + 1e-3 * 2, t.allowed(-2), 1e-15);
    t.assertClose("inside", new float[] {2f, 0f}, new float[] {2.0019f, 9e-6f});
    assertThrows(AssertionError.class, () -> t.assertClose("outside", new float[] {2f}, new float[] {2.0021f}));
    assertThrows(AssertionError.class, () -> t.assertClose("NaN", new float[] {0f}, new float[] {Float.NaN}));
    assertThrows(AssertionError.class, () -> t.assertClose("length", new float[] {0f}, new float[] {0f, 0f}));
  }
}
