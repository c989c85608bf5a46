// SPDX-License-Identifier: Apache-2.0

package dev.lamina.data;

import java.io.BufferedInputStream;
import java.io.IOException;

/** Recognises gzip data by its magic bytes 1F 8B, whatever the file's name (for {@link Idx} and {@link Csv}). */
final class Gzip {
  private Gzip() {}

  /** Whether the stream starts with gzip's magic bytes; the stream is left where it was. */
  static boolean starts(BufferedInputStream in) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1F && b1 == 0x8B;
  }
}
