// SPDX-License-Identifier: Apache-2.0

package dev.lamina.testing;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Mutated copies of a file's bytes for fuzzing readers: bit flips, byte changes, truncations,
 * inserted, deleted and duplicated ranges, and corrupt length fields (big-endian ints, as
 * Lamina's checkpoints write them, and protobuf varints, as ONNX files hold them). The same seed
 * gives the same mutation.
 */
public final class Mutator {
  /** The kinds of mutation, in the order {@link #mutate} picks among them. */
  public enum Kind { BIT_FLIPS, BYTES, TRUNCATE, INSERT, DELETE, DUPLICATE, INT_FIELD, VARINT_FIELD }

  /** Integers that break length fields: huge, negative, just beyond the data. */
  private static final int[] INTERESTING = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x7FFFFFF0, 1 << 28, 1 << 24,
      65_536, 0, 1};

  private Mutator() {}

  /** A mutation of {@code original} chosen by {@code seed}; the original is left unchanged. */
  public static Mutation mutate(byte[] original, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
    return new Mutation(kind, apply(kind, original, r));
  }

  /** A mutated file and how it was made. */
  public record Mutation(Kind kind, byte[] bytes) {}

  private static byte[] apply(Kind kind, byte[] b, SplittableRandom r) {
    int n = b.length;
    switch (kind) {
      case BIT_FLIPS -> {
        byte[] m = b.clone();
        for (int i = 0, flips = 1 + r.nextInt(8); i < flips; i++) {
          int at = r.nextInt(n);
          m[at] ^= (byte) (1 << r.nextInt(8));
        }
        return m;
      }
      case BYTES -> {
        byte[] m = b.clone();
        byte[] values = {0, (byte) 0xFF, 0x7F, (byte) 0x80, 1};
        for (int i = 0, k = 1 + r.nextInt(4); i < k; i++) {
          m[r.nextInt(n)] = r.nextBoolean() ? values[r.nextInt(values.length)] : (byte) r.nextInt(256);
        }
        return m;
      }
      case TRUNCATE -> {
        return Arrays.copyOf(b, r.nextInt(n));
      }
      case INSERT -> {
        int at = r.nextInt(n + 1);
        byte[] inserted = new byte[1 + r.nextInt(64)];
        r.nextBytes(inserted);
        return splice(b, at, at, inserted);
      }
      case DELETE -> {
        int at = r.nextInt(n);
        int end = Math.min(n, at + 1 + r.nextInt(Math.max(1, Math.min(4096, n / 4))));
        return splice(b, at, end, new byte[0]);
      }
      case DUPLICATE -> {
        int at = r.nextInt(n);
        int end = Math.min(n, at + 1 + r.nextInt(256));
        return splice(b, end, end, Arrays.copyOfRange(b, at, end));
      }
      case INT_FIELD -> {
        byte[] m = b.clone();
        int at = r.nextInt(Math.max(1, n - 3));
        int v = r.nextInt(3) == 0 ? n + r.nextInt(1024) : INTERESTING[r.nextInt(INTERESTING.length)];
        for (int i = 0; i < 4 && at + i < n; i++) {
          m[at + i] = (byte) (v >>> (24 - 8 * i));
        }
        return m;
      }
      default -> { // VARINT_FIELD: a varint of a huge or negative value where a length may be
        int at = r.nextInt(n);
        long v = r.nextBoolean() ? -1L : (1L << (7 * (1 + r.nextInt(8)))) - 1 - r.nextInt(16);
        byte[] varint = varint(v);
        int replaced = Math.min(n - at, 1 + r.nextInt(5));
        return splice(b, at, at + replaced, varint);
      }
    }
  }

  private static byte[] varint(long v) {
    byte[] out = new byte[10];
    int i = 0;
    while ((v & ~0x7FL) != 0) {
      out[i++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[i++] = (byte) v;
    return Arrays.copyOf(out, i);
  }

  /** {@code b} with {@code [from, to)} replaced by {@code inserted}. */
  private static byte[] splice(byte[] b, int from, int to, byte[] inserted) {
    byte[] m = new byte[b.length - (to - from) + inserted.length];
    System.arraycopy(b, 0, m, 0, from);
    System.arraycopy(inserted, 0, m, from, inserted.length);
    System.arraycopy(b, to, m, from + inserted.length, b.length - to);
    return m;
  }
}
