// SPDX-License-Identifier: Apache-2.0

package dev.lamina.layers;

/**
 * The test oracle of the convolution layers: the 7-loop definition of a grouped 2-D convolution
 * (images × filters × output rows × output columns × channels of the group × kernel rows × kernel
 * columns) and of its gradients, in double, straight from the formula
 * {@code y[n, o, i, j] = bias[o] + Σ_{c, a, b} w[o, c, a, b] · x[n, first(o) + c, i·sh − top + a·dh, j·sw − left + b·dw]}.
 * A depthwise convolution is the case groups = channels; a 1-D one has height 1.
 */
record NaiveConvolution(int channels, int height, int width, int filters, int groups, int kh, int kw, int sh,
    int sw, int dh, int dw, int top, int bottom, int left, int right) {

  int outHeight() {
    return (height + top + bottom - dh * (kh - 1) - 1) / sh + 1;
  }

  int outWidth() {
    return (width + left + right - dw * (kw - 1) - 1) / sw + 1;
  }

  int inFeatures() {
    return channels * height * width;
  }

  int outFeatures() {
    return filters * outHeight() * outWidth();
  }

  int kernelSize() {
    return filters * channels / groups * kh * kw;
  }

  /** y for a batch of {@code batch} images (bias may be null). */
  double[] forward(float[] x, int batch, float[] w, float[] bias) {
    int oh = outHeight();
    int ow = outWidth();
    int cg = channels / groups;
    int fg = filters / groups;
    double[] y = new double[batch * outFeatures()];
    for (int n = 0; n < batch; n++) {
      for (int o = 0; o < filters; o++) {
        int c0 = o / fg * cg;
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double s = bias == null ? 0 : bias[o];
            for (int c = 0; c < cg; c++) {
              for (int a = 0; a < kh; a++) {
                for (int b = 0; b < kw; b++) {
                  int ih = i * sh - top + a * dh;
                  int iw = j * sw - left + b * dw;
                  if (ih >= 0 && ih < height && iw >= 0 && iw < width) {
                    s += (double) w[((o * cg + c) * kh + a) * kw + b] * x[n * inFeatures() + ((c0 + c) * height + ih) * width + iw];
                  }
                }
              }
            }
            y[n * outFeatures() + (o * oh + i) * ow + j] = s;
          }
        }
      }
    }
    return y;
  }

  /** {dx, dw, dbias} for the output gradient dy. */
  double[][] backward(float[] x, int batch, float[] w, float[] dy) {
    int oh = outHeight();
    int ow = outWidth();
    int cg = channels / groups;
    int fg = filters / groups;
    double[] dx = new double[batch * inFeatures()];
    double[] dwt = new double[kernelSize()];
    double[] db = new double[filters];
    for (int n = 0; n < batch; n++) {
      for (int o = 0; o < filters; o++) {
        int c0 = o / fg * cg;
        for (int i = 0; i < oh; i++) {
          for (int j = 0; j < ow; j++) {
            double g = dy[n * outFeatures() + (o * oh + i) * ow + j];
            db[o] += g;
            for (int c = 0; c < cg; c++) {
              for (int a = 0; a < kh; a++) {
                for (int b = 0; b < kw; b++) {
                  int ih = i * sh - top + a * dh;
                  int iw = j * sw - left + b * dw;
                  if (ih >= 0 && ih < height && iw >= 0 && iw < width) {
                    int wi = ((o * cg + c) * kh + a) * kw + b;
                    int xi = n * inFeatures() + ((c0 + c) * height + ih) * width + iw;
                    dx[xi] += g * w[wi];
                    dwt[wi] += g * x[xi];
                  }
                }
              }
            }
          }
        }
      }
    }
    return new double[][] {dx, dwt, db};
  }
}
