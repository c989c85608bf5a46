package dev.lamina.initializers;

/** TEMPORARY stand-in until the initializers branch lands. */
public final class Initializers {
  private Initializers() {}
  public static Initializer zeros() { return (v, s, r) -> java.util.Arrays.fill(v, 0f); }
  public static Initializer constant(double c) { return (v, s, r) -> java.util.Arrays.fill(v, (float) c); }
  public static Initializer glorotUniform() {
    return (v, s, r) -> { double lim = Math.sqrt(6.0 / (s[0] + s[s.length - 1])); for (int i = 0; i < v.length; i++) v[i] = (float) ((r.nextDouble() * 2 - 1) * lim); };
  }
  public static Initializer heNormal() {
    return (v, s, r) -> { double sd = Math.sqrt(2.0 / s[0]); for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * sd); };
  }
  public static Initializer lecunNormal() {
    return (v, s, r) -> { double sd = Math.sqrt(1.0 / s[0]); for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * sd); };
  }
}
