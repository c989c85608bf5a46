// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

/**
 * The transforms of Winograd's minimal filtering F(2×2, 3×3) (Lavin and Gray, "Fast Algorithms for
 * Convolutional Neural Networks", 2016): a 3×3 convolution computed on 4×4 input tiles that overlap
 * by 2, each giving a 2×2 output tile, as
 *
 * <pre>  Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A</pre>
 *
 * with g the 3×3 kernel and d the input tile. The 16 products per tile and channel pair replace 36,
 * and across channels they are 16 matrix products, one per position ξ of the 4×4 transformed tile:
 * {@code M_ξ = U_ξ · V_ξ}, U_ξ the transformed kernels [filters × channels] and V_ξ the transformed
 * tiles [channels × tiles]. The matrices hold only 0, ±1 and ±½, so the transforms add and halve
 * (exact in floats) and the rounding stays that of a direct convolution's sums.
 *
 * <p>The tile transforms run over a row of tiles, tile t in lane t of whole vectors
 * ({@link #lanes()}); past the row's last tile, a vector computes and writes values for tiles that
 * do not exist, which the caller's layout must have room for (they fall on floats written later
 * or never read). {@link MatMuls#winograd()} gives the implementation for this machine.
 */
public interface WinogradTransforms {
  /** Positions of a transformed tile (4×4). */
  int POSITIONS = 16;

  /** Floats per vector: a row of tiles is transformed in whole vectors of this many tiles. */
  int lanes();

  /**
   * {@code U = G g Gᵀ} for the 3×3 kernel at {@code g[gOff]} (row-major): position ξ (row-major in
   * the 4×4 tile) into {@code u[uOff + ξ·uStride]}. Modified: u.
   */
  static void kernel(float[] g, int gOff, float[] u, int uOff, int uStride) {
    // G·g, one column of g at a time, then each of its rows times Gᵀ
    float g0 = g[gOff];
    float g1 = g[gOff + 1];
    float g2 = g[gOff + 2];
    float g3 = g[gOff + 3];
    float g4 = g[gOff + 4];
    float g5 = g[gOff + 5];
    float g6 = g[gOff + 6];
    float g7 = g[gOff + 7];
    float g8 = g[gOff + 8];
    kernelRow(g0, g1, g2, u, uOff, uStride);
    kernelRow(0.5f * (g0 + g3 + g6), 0.5f * (g1 + g4 + g7), 0.5f * (g2 + g5 + g8), u, uOff + 4 * uStride, uStride);
    kernelRow(0.5f * (g0 - g3 + g6), 0.5f * (g1 - g4 + g7), 0.5f * (g2 - g5 + g8), u, uOff + 8 * uStride, uStride);
    kernelRow(g6, g7, g8, u, uOff + 12 * uStride, uStride);
  }

  /** One row of U: the row (a, b, c) of G·g times Gᵀ. */
  private static void kernelRow(float a, float b, float c, float[] u, int uOff, int uStride) {
    u[uOff] = a;
    u[uOff + uStride] = 0.5f * (a + b + c);
    u[uOff + 2 * uStride] = 0.5f * (a - b + c);
    u[uOff + 3 * uStride] = c;
  }

  /**
   * {@code V = Bᵀ d B} for a row of {@code tiles} input tiles of one channel: tile t covers rows 0–3
   * and columns 2t to 2t + 3 of an image stored by column phase, the even columns at
   * {@code even[evenOff + r·rowStride + j]} (padded column 2j) and the odd ones at
   * {@code odd[oddOff + r·rowStride + j]} (column 2j + 1). Position ξ of tile t goes to
   * {@code v[vOff + ξ·xiStride + t]}, for t up to tiles rounded up to {@link #lanes()}. Reads up to
   * {@code lanes()} floats past the tiles' last column in each phase. Modified: v.
   */
  void input(int tiles, float[] even, int evenOff, float[] odd, int oddOff, int rowStride, float[] v, int vOff,
      int xiStride);

  /**
   * {@code Y = Aᵀ M A} for a row of {@code tiles} tiles, position ξ of tile t read at
   * {@code m[mOff + ξ·xiStride + t]}: output tile t goes to columns 2t and 2t + 1 of the rows at
   * {@code dst[dstOff]} and {@code dst[dstOff + dstStride]}, each written over 2·tiles floats
   * rounded up to 2·{@link #lanes()}. M is used as working space, over the same whole vectors:
   * where rows of tiles follow each other in M, transform the last row first. Modified: dst, m.
   */
  void output(int tiles, float[] m, int mOff, int xiStride, float[] dst, int dstOff, int dstStride);

  /**
   * {@code dM = A dY Aᵀ}, the output transform's adjoint, for one 2×2 tile of the output gradient
   * over {@code filters} filters, the filters of each pixel contiguous: dy(a, b) for filter f at
   * {@code dy[dyOff + a·rowStride + b·pixelStride + f]}, a missing second row or column (an odd
   * output) when {@code rows} or {@code columns} is 1. Position ξ goes to
   * {@code dm[dmOff + ξ·xiStride + f]}, for f up to filters rounded up to {@link #lanes()} (dy must
   * hold those floats). Modified: dm.
   */
  void outputGradient(int filters, int rows, int columns, float[] dy, int dyOff, int rowStride, int pixelStride,
      float[] dm, int dmOff, int xiStride);

  /**
   * {@code dg = Gᵀ dU G}, the kernel transform's adjoint: the 3×3 kernel gradient (row-major, into
   * {@code dg[dgOff]}) from the gradient of its 16 transformed values at {@code du[duOff + ξ·duStride]}.
   * Modified: dg.
   */
  static void kernelGradient(float[] du, int duOff, int duStride, float[] dg, int dgOff) {
    // Gᵀ·dU (3×4): row 0 is dU₀ + ½(dU₁ + dU₂), row 1 ½(dU₁ − dU₂), row 2 ½(dU₁ + dU₂) + dU₃ (dUᵢ its
    // rows); then each row times G
    int r1 = duOff + 4 * duStride;
    int r2 = duOff + 8 * duStride;
    int r3 = duOff + 12 * duStride;
    gradientRow(du, duOff, r1, r2, r3, duStride, 1f, 0.5f, 0.5f, 0f, dg, dgOff);
    gradientRow(du, duOff, r1, r2, r3, duStride, 0f, 0.5f, -0.5f, 0f, dg, dgOff + 3);
    gradientRow(du, duOff, r1, r2, r3, duStride, 0f, 0.5f, 0.5f, 1f, dg, dgOff + 6);
  }

  /**
   * Row i of dg: the row of Gᵀ·dU whose coefficients on dU's rows are (k0..k3), times G. The
   * coefficients are 0, ±½ and 1, so each product is exact.
   */
  private static void gradientRow(float[] du, int r0, int r1, int r2, int r3, int duStride, float k0, float k1,
      float k2, float k3, float[] dg, int dgOff) {
    float u0 = k0 * du[r0] + (k1 * du[r1] + k2 * du[r2]) + k3 * du[r3];
    float u1 = k0 * du[r0 + duStride] + (k1 * du[r1 + duStride] + k2 * du[r2 + duStride]) + k3 * du[r3 + duStride];
    float u2 = k0 * du[r0 + 2 * duStride] + (k1 * du[r1 + 2 * duStride] + k2 * du[r2 + 2 * duStride])
        + k3 * du[r3 + 2 * duStride];
    float u3 = k0 * du[r0 + 3 * duStride] + (k1 * du[r1 + 3 * duStride] + k2 * du[r2 + 3 * duStride])
        + k3 * du[r3 + 3 * duStride];
    dg[dgOff] = u0 + 0.5f * (u1 + u2);
    dg[dgOff + 1] = 0.5f * (u1 - u2);
    dg[dgOff + 2] = 0.5f * (u1 + u2) + u3;
  }
}
