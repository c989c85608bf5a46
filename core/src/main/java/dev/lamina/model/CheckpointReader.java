// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import java.io.EOFException;
import java.io.StreamCorruptedException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads a {@link Checkpoint}'s bytes; every error names the source (a file) and the offset. */
final class CheckpointReader {
  /** The file, or what else the bytes came from, for messages. */
  final String path;
  final ByteBuffer buffer;

  CheckpointReader(String path, ByteBuffer buffer) {
    this.path = path;
    this.buffer = buffer;
  }

  /** Checks that {@code n} bytes remain, advances past them and returns where they start. */
  int need(int n, String what) {
    int at = buffer.position();
    if (buffer.remaining() < n) {
      String message = "Checkpoint " + path + ": truncated at offset " + at + ": " + what + " needs " + n
          + " bytes, but only " + buffer.remaining() + " remain";
      throw new UncheckedIOException(message, new EOFException(message));
    }
    buffer.position(at + n);
    return at;
  }

  byte[] bytes(int n, String what) {
    byte[] b = new byte[n];
    buffer.get(need(n, what), b);
    return b;
  }

  int count(String what) {
    int at = need(4, what);
    int v = buffer.getInt(at);
    if (v < 0) {
      throw corrupt(at, what + " is " + v);
    }
    return v;
  }

  /**
   * A count of items of at least {@code bytesEach} bytes that follow: refused as corrupt when they
   * could not fit in the bytes that remain, before anything is allocated for them.
   */
  int items(String what, int bytesEach) {
    int at = buffer.position();
    int n = count(what);
    if (n > buffer.remaining() / bytesEach) {
      throw corrupt(at, what + " is " + n + ", more than the " + buffer.remaining() + " remaining bytes can hold");
    }
    return n;
  }

  String string(String what) {
    int at = buffer.position();
    int length = count("the length of " + what);
    if (length > buffer.remaining()) {
      throw corrupt(at, "the length of " + what + " is " + length + ", beyond the end of the file");
    }
    return new String(bytes(length, what), StandardCharsets.UTF_8);
  }

  void expectName(String expected, String what) {
    int at = buffer.position();
    String name = string("the name of " + what);
    if (!name.equals(expected)) {
      throw new IllegalArgumentException("Checkpoint " + path + ": at offset " + at + ", " + what + " is '" + name
          + "', but the model's is '" + expected + "'");
    }
  }

  float[] floats(int size, String what) {
    int at = buffer.position();
    int n = count("the size of " + what);
    if (n != size) {
      throw corrupt(at, what + " has " + n + " values, but needs " + size);
    }
    int start = need(n * Float.BYTES, "the values of " + what); // before allocating: the bytes are there
    float[] values = new float[n];
    buffer.slice(start, n * Float.BYTES).asFloatBuffer().get(values);
    return values;
  }

  UncheckedIOException corrupt(int offset, String problem) {
    String message = "Checkpoint " + path + ": corrupt at offset " + offset + ": " + problem;
    return new UncheckedIOException(message, new StreamCorruptedException(message));
  }

  IllegalArgumentException mismatch(String problem) {
    return new IllegalArgumentException("Checkpoint " + path + ": does not fit the model at offset "
        + buffer.position() + ": " + problem);
  }
}
