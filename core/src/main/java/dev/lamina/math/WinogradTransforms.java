// SPDX-License-Identifier: Apache-2.0

package dev.lamina.math;

/**
 * The transforms of Winograd's minimal filtering F(m×m, 3×3) (Lavin and Gray, "Fast Algorithms for
 * Convolutional Neural Networks", 2016): a 3×3 convolution computed on n×n input tiles (n = m + 2)
 * that overlap by 2, each giving an m×m output tile, as
 *
 * <pre>  Y = Aᵀ [ (G g Gᵀ) ⊙ (Bᵀ d B) ] A</pre>
 *
 * with g the 3×3 kernel and d the input tile. The n² products per tile and channel pair replace
 * 9m², and across channels they are n² matrix products, one per position ξ of the transformed
 * tile: {@code M_ξ = U_ξ · V_ξ}, U_ξ the transformed kernels [filters × channels] and V_ξ the
 * transformed tiles [channels × tiles].
 *
 * <ul>
 *   <li>F(2×2, 3×3) ({@link MatMuls#winograd(int) winograd(2)}): 16 products for 4 outputs. Its
 *       matrices hold only 0, ±1 and ±½, so the transforms add and halve (exact in floats) and the
 *       rounding stays that of a direct convolution's sums.
 *   <li>F(4×4, 3×3) ({@link MatMuls#winograd(int) winograd(4)}): 36 products for 16 outputs, 44%
 *       fewer, but its transforms scale by up to 8 and by ⅙ and 1/24, which costs about one more
 *       decimal digit of rounding: still far below float's 7. cuDNN, NNPACK and oneDNN use it too.
 * </ul>
 *
 * <p>The input is stored by column phase: padded column m·j + p of every row in plane p, at
 * {@code image[off + p·phasePlane + row·rowStride + j]}, so that the transforms load whole vectors
 * of tiles. They run over a row of tiles, tile t in lane t of whole vectors ({@link #lanes()});
 * past the row's last tile, a vector computes and writes values for tiles that do not exist, which
 * the caller's layout must have room for (they fall on floats written later or never read).
 */
public interface WinogradTransforms {
  /** Output pixels per side of a tile: m. */
  int outputTile();

  /** Input pixels per side of a tile: n = m + 2. */
  default int inputTile() {
    return outputTile() + 2;
  }

  /** Positions of a transformed tile: n². */
  default int positions() {
    return inputTile() * inputTile();
  }

  /** Floats per vector: a row of tiles is transformed in whole vectors of this many tiles. */
  int lanes();

  /**
   * {@code U = G g Gᵀ} for the 3×3 kernel at {@code g[gOff]} (row-major): position ξ (row-major in
   * the n×n tile) into {@code u[uOff + ξ·uStride]}. Modified: u.
   */
  void kernel(float[] g, int gOff, float[] u, int uOff, int uStride);

  /**
   * {@code V = Bᵀ d B} for a row of {@code tiles} input tiles of one channel: tile t covers rows 0
   * to n − 1 and columns m·t to m·t + n − 1 of an image stored by column phase (see above), its row
   * r and phase p at {@code image[off + p·phasePlane + r·rowStride]}. Position ξ of tile t goes to
   * {@code v[vOff + ξ·xiStride + t]}, for t up to tiles rounded up to {@link #lanes()}. Reads up to
   * {@code lanes()} + 1 floats past the tiles' last column in each phase. The scratch holds at least
   * {@link #scratchLength()} floats, one per thread. Modified: v, scratch.
   */
  void input(int tiles, float[] image, int off, int phasePlane, int rowStride, float[] v, int vOff, int xiStride,
      float[] scratch);

  /**
   * Floats of working space that {@link #input} needs: a vector of tiles' positions, n² vectors. The
   * first pass goes there rather than to V, at offsets that are constants, so that C2 checks their
   * bounds once per vector of tiles instead of at every load and store (the F(4×4, 3×3) input
   * transform ran 1.25–1.65 times as fast, on Zen 3).
   */
  default int scratchLength() {
    return positions() * lanes();
  }

  /**
   * {@code Y = Aᵀ M A} for {@code tiles} tiles, position ξ of tile t read at
   * {@code m[mOff + ξ·xiStride + t]}, in rows of {@code rowTiles} tiles: tile t goes to columns
   * m·c to m·c + m − 1 of the m rows from {@code dst[dstOff + r·m·dstStride]}, {@code dstStride}
   * apart, where r and c are t's row and column (t = r·rowTiles + c). rowTiles must be a multiple
   * of {@link #lanes()}/m, the tiles of a stored vector. Whole vectors of tiles are transformed and
   * stored: past the last tile, over m·tiles floats rounded up to m·lanes() of its row (or of the
   * rows after it). With rowTiles rounded up to lanes(), one row of tiles writes only its own rows;
   * with tiles a multiple of lanes(), several rows (each vector holding the ends of one row and the
   * starts of the next) write nothing outside them. M is used as working space, over the same whole
   * vectors: where calls cover tiles that follow each other in M, transform the last ones first.
   * Modified: dst, m.
   */
  void output(int tiles, int rowTiles, float[] m, int mOff, int xiStride, float[] dst, int dstOff, int dstStride);

  /**
   * Where {@link #output} puts tile t's first pixel: row t / rowTiles of the tiles, column
   * m·(t mod rowTiles), from {@code dst[dstOff]} with rows of pixels {@code dstStride} apart.
   */
  static int place(int t, int rowTiles, int m, int dstOff, int dstStride) {
    return dstOff + t / rowTiles * m * dstStride + m * (t % rowTiles);
  }

  /**
   * {@code dM = A dY Aᵀ}, the output transform's adjoint, for one m×m tile of the output gradient
   * over {@code filters} filters, the filters of each pixel contiguous: dy(a, b) for filter f at
   * {@code dy[dyOff + a·rowStride + b·pixelStride + f]}, for a below {@code rows} and b below
   * {@code columns} (at most m; fewer at an output's edge, the missing pixels zero). Position ξ goes
   * to {@code dm[dmOff + ξ·xiStride + f]}, for f up to filters rounded up to {@link #lanes()} (dy
   * must hold those floats). Modified: dm.
   */
  void outputGradient(int filters, int rows, int columns, float[] dy, int dyOff, int rowStride, int pixelStride,
      float[] dm, int dmOff, int xiStride);

  /**
   * {@code dg = Gᵀ dU G}, the kernel transform's adjoint: the 3×3 kernel gradient (row-major, into
   * {@code dg[dgOff]}) from the gradient of its n² transformed values at
   * {@code du[duOff + ξ·duStride]}. Modified: dg.
   */
  void kernelGradient(float[] du, int duOff, int duStride, float[] dg, int dgOff);
}
