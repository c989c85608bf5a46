// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

import java.util.Arrays;

/**
 * The shapes of one 2-D convolution (a 1-D one is a 2-D one of height 1) and the two copies
 * between an image and its patches: {@link #im2col} and its adjoint {@link #col2im}.
 *
 * <p>An image is [channels, height, width] (one row of a batch); the kernel is
 * [filters, channels / groups, kh, kw]. Output pixel (oh, ow) of a filter reads input pixel
 * (oh·sh − top + a·dh, ow·sw − left + b·dw) for tap (a, b), zero outside the image. The patches of
 * group g form a K × P matrix, K = channels/groups·kh·kw rows ordered (channel, a, b) like a row
 * of the kernel and P = outHeight·outWidth columns, so the group's outputs are its
 * [filters/groups, K] block of the kernel times that matrix.
 */
final class ConvGeometry {
  final int channels;
  final int height;
  final int width;
  final int filters;
  final int groups;
  final int kernelHeight;
  final int kernelWidth;
  final int strideHeight;
  final int strideWidth;
  final int dilationHeight;
  final int dilationWidth;
  final int padTop;
  final int padBottom;
  final int padLeft;
  final int padRight;
  final int outHeight;
  final int outWidth;
  /** Input channels per group. */
  final int groupChannels;
  /** Filters per group. */
  final int groupFilters;
  /** Rows of a group's patch matrix: groupChannels·kh·kw. */
  final int patchSize;
  /** Output pixels per filter: outHeight·outWidth. */
  final int pixels;
  /** Values per input image and per output image. */
  final int inFeatures;
  final int outFeatures;

  /**
   * @param pads {top, bottom, left, right}
   * @throws IllegalArgumentException (without the layer prefix) if the output would be empty
   */
  ConvGeometry(int channels, int height, int width, int filters, int groups, int[] kernel, int[] strides,
      int[] dilation, int[] pads) {
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.filters = filters;
    this.groups = groups;
    this.kernelHeight = kernel[0];
    this.kernelWidth = kernel[1];
    this.strideHeight = strides[0];
    this.strideWidth = strides[1];
    this.dilationHeight = dilation[0];
    this.dilationWidth = dilation[1];
    this.padTop = pads[0];
    this.padBottom = pads[1];
    this.padLeft = pads[2];
    this.padRight = pads[3];
    this.outHeight = outputSize(height, padTop + padBottom, kernelHeight, strideHeight, dilationHeight);
    this.outWidth = outputSize(width, padLeft + padRight, kernelWidth, strideWidth, dilationWidth);
    if (outHeight < 1 || outWidth < 1) {
      throw new IllegalArgumentException("the input [" + channels + ", " + height + ", " + width
          + "] with pads (top, bottom, left, right) " + Arrays.toString(pads) + " is smaller than the kernel "
          + kernelHeight + "×" + kernelWidth + " dilated by " + dilationHeight + "×" + dilationWidth
          + ", so the output would be empty");
    }
    this.groupChannels = channels / groups;
    this.groupFilters = filters / groups;
    this.patchSize = groupChannels * kernelHeight * kernelWidth;
    this.pixels = outHeight * outWidth;
    this.inFeatures = channels * height * width;
    this.outFeatures = filters * pixels;
  }

  /** The zeros added on each side, {top, bottom, left, right}. */
  int[] pads() {
    return new int[] {padTop, padBottom, padLeft, padRight};
  }

  /** floor((in + pads − (k − 1)·d − 1) / s) + 1, or less than 1 when the kernel does not fit. */
  static int outputSize(int in, int pads, int kernel, int stride, int dilation) {
    int room = in + pads - (kernel - 1) * dilation - 1;
    return room < 0 ? 0 : room / stride + 1;
  }

  /** Whether the patch matrix is the image itself: a 1×1 kernel, stride 1, no padding. */
  boolean pointwise() {
    return kernelHeight == 1 && kernelWidth == 1 && strideHeight == 1 && strideWidth == 1
        && padTop == 0 && padBottom == 0 && padLeft == 0 && padRight == 0;
  }

  /** The first output column ow whose input column ow·sw + shift is ≥ 0, at most outWidth. */
  private int firstColumn(int shift) {
    return shift >= 0 ? 0 : Math.min(outWidth, -Math.floorDiv(shift, strideWidth));
  }

  /** One past the last output column whose input column ow·sw + shift is &lt; width, at least from. */
  private int endColumn(int shift, int from) {
    return Math.max(from, Math.min(outWidth, Math.floorDiv(width - 1 - shift, strideWidth) + 1));
  }

  /**
   * Writes the K × P patch matrix of channels {@code c0 .. c0 + groupChannels} of the image at
   * {@code x[xOff]} into {@code col[0 ..]}. Modified: col.
   */
  void im2col(float[] x, int xOff, int c0, float[] col) {
    int plane = height * width;
    int dst = 0;
    for (int c = 0; c < groupChannels; c++) {
      int channel = xOff + (c0 + c) * plane;
      for (int a = 0; a < kernelHeight; a++) {
        int rowShift = a * dilationHeight - padTop;
        for (int b = 0; b < kernelWidth; b++) {
          int shift = b * dilationWidth - padLeft;
          int from = firstColumn(shift);
          int to = endColumn(shift, from);
          for (int oh = 0; oh < outHeight; oh++, dst += outWidth) {
            int ih = oh * strideHeight + rowShift;
            if (ih < 0 || ih >= height) {
              Arrays.fill(col, dst, dst + outWidth, 0f);
              continue;
            }
            int src = channel + ih * width + shift;
            for (int j = dst; j < dst + from; j++) { // a cell or two: cheaper than a call of Arrays.fill
              col[j] = 0f;
            }
            if (strideWidth == 1) {
              if (to > from) { // a kernel tap wholly in the padding has none, and src + from may be before x
                System.arraycopy(x, src + from, col, dst + from, to - from);
              }
            } else {
              for (int ow = from; ow < to; ow++) {
                col[dst + ow] = x[src + ow * strideWidth];
              }
            }
            for (int j = dst + to; j < dst + outWidth; j++) {
              col[j] = 0f;
            }
          }
        }
      }
    }
  }

  /**
   * The adjoint of {@link #im2col}: adds each value of the K × P matrix {@code col} to the input
   * pixel it was copied from, in channels {@code c0 .. c0 + groupChannels} of the image at
   * {@code dx[dxOff]} (values that came from padding are dropped). Modified: dx.
   */
  void col2im(float[] col, float[] dx, int dxOff, int c0) {
    int plane = height * width;
    int src = 0;
    for (int c = 0; c < groupChannels; c++) {
      int channel = dxOff + (c0 + c) * plane;
      for (int a = 0; a < kernelHeight; a++) {
        int rowShift = a * dilationHeight - padTop;
        for (int b = 0; b < kernelWidth; b++) {
          int shift = b * dilationWidth - padLeft;
          int from = firstColumn(shift);
          int to = endColumn(shift, from);
          for (int oh = 0; oh < outHeight; oh++, src += outWidth) {
            int ih = oh * strideHeight + rowShift;
            if (ih < 0 || ih >= height) {
              continue;
            }
            int dst = channel + ih * width + shift;
            if (strideWidth == 1) {
              for (int ow = from; ow < to; ow++) {
                dx[dst + ow] += col[src + ow];
              }
            } else {
              for (int ow = from; ow < to; ow++) {
                dx[dst + ow * strideWidth] += col[src + ow];
              }
            }
          }
        }
      }
    }
  }

  /**
   * The direct convolution of one channel plane with one filter plane (depthwise): adds
   * {@code Σ_taps w[a, b] · x[oh·sh − top + a·dh, ow·sw − left + b·dw]} to {@code y[oh, ow]}, tap by
   * tap in order. The plane of x starts at {@code x[xOff]}, the kh × kw taps at {@code w[wOff]}, the
   * output plane at {@code y[yOff]}. Modified: y.
   */
  void addPlane(float[] x, int xOff, float[] w, int wOff, float[] y, int yOff) {
    taps(false, x, xOff, w, wOff, y, yOff);
  }

  /**
   * The adjoint of {@link #addPlane} for the input: adds {@code w[a, b] · dy[oh, ow]} to the input
   * pixel that tap (a, b) of output (oh, ow) reads. Modified: dx.
   */
  void addPlaneTransposed(float[] dy, int dyOff, float[] w, int wOff, float[] dx, int dxOff) {
    taps(true, dx, dxOff, w, wOff, dy, dyOff);
  }

  /**
   * {@link #addPlane} (image read, output written) or, {@code transposed}, its adjoint (output
   * read, image written): the same walk over the taps and the rows that fall inside the image.
   */
  private void taps(boolean transposed, float[] image, int imageOff, float[] w, int wOff, float[] out, int outOff) {
    for (int a = 0; a < kernelHeight; a++) {
      int rowShift = a * dilationHeight - padTop;
      for (int b = 0; b < kernelWidth; b++) {
        float tap = w[wOff + a * kernelWidth + b];
        int shift = b * dilationWidth - padLeft;
        int from = firstColumn(shift);
        int to = endColumn(shift, from);
        for (int oh = 0; oh < outHeight; oh++) {
          int ih = oh * strideHeight + rowShift;
          if (ih < 0 || ih >= height) {
            continue;
          }
          int in = imageOff + ih * width + shift;
          int o = outOff + oh * outWidth;
          if (!transposed && strideWidth == 1) {
            for (int ow = from; ow < to; ow++) {
              out[o + ow] += tap * image[in + ow];
            }
          } else if (!transposed) {
            for (int ow = from; ow < to; ow++) {
              out[o + ow] += tap * image[in + ow * strideWidth];
            }
          } else if (strideWidth == 1) {
            for (int ow = from; ow < to; ow++) {
              image[in + ow] += tap * out[o + ow];
            }
          } else {
            for (int ow = from; ow < to; ow++) {
              image[in + ow * strideWidth] += tap * out[o + ow];
            }
          }
        }
      }
    }
  }

  /**
   * The adjoint of {@link #addPlane} for the taps: {@code Σ_{oh, ow} dy[oh, ow] · x[...]} for tap
   * (a, b), summed in double, for the plane of x at {@code x[xOff]} and of dy at {@code dy[dyOff]}.
   */
  double tapGradient(float[] x, int xOff, float[] dy, int dyOff, int a, int b) {
    int rowShift = a * dilationHeight - padTop;
    int shift = b * dilationWidth - padLeft;
    int from = firstColumn(shift);
    int to = endColumn(shift, from);
    double sum = 0;
    for (int oh = 0; oh < outHeight; oh++) {
      int ih = oh * strideHeight + rowShift;
      if (ih < 0 || ih >= height) {
        continue;
      }
      int src = xOff + ih * width + shift;
      int g = dyOff + oh * outWidth;
      for (int ow = from; ow < to; ow++) {
        sum += (double) dy[g + ow] * x[src + ow * strideWidth];
      }
    }
    return sum;
  }
}
