// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeptImagesTest {

  @Test
  void holdsTheImagesOfTheLatestForwardPassOnlyWhenItKeptThem() {
    KeptImages kept = new KeptImages(5);
    assertFalse(kept.hold(2), "nothing kept yet");
    kept.start(true, 2);
    assertTrue(kept.filling());
    assertArrayEquals(new float[5], kept.slot(1), "a new slot is zeros");
    kept.filled(2);
    kept.stop();
    assertFalse(kept.filling());
    assertTrue(kept.hold(2));
    assertFalse(kept.hold(3), "another batch size");
    kept.start(false, 2);
    kept.filled(2);
    kept.stop();
    assertFalse(kept.hold(2), "a forward pass that kept nothing leaves the slots stale");
    kept.start(true, 2);
    kept.stop();
    assertFalse(kept.hold(2), "a forward pass that did not complete");
  }

  @Test
  void slotsAreMadeOnceAndReused() {
    KeptImages kept = new KeptImages(3);
    kept.start(true, 2);
    float[] first = kept.slot(0);
    first[1] = 7f;
    kept.stop();
    kept.start(true, 4);
    assertSame(first, kept.slot(0), "grown, the old slots stay");
    assertArrayEquals(new float[3], kept.slot(3));
    kept.stop();
    kept.start(true, 1);
    assertSame(first, kept.slot(0), "a smaller batch reuses them");
  }
}
