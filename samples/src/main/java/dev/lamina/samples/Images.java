// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads image files (PNG, JPEG, BMP, GIF: what the JDK's ImageIO reads) as model inputs: converted
 * to the model's channel count (grey from colour with the ITU-R BT.601 luma weights, as Pillow's
 * {@code convert("L")}; colour from grey by repeating it; alpha dropped or, for 4 channels, kept),
 * resized to its height and width by bilinear interpolation with pixel centres aligned (PyTorch's
 * {@code align_corners=False}, without antialiasing), then scaled by a {@link PixelScaling}.
 */
final class Images {
  /** The file name endings read as images; other files in a folder are ignored, as Keras' image_dataset_from_directory does. */
  static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

  private Images() {}

  /** Whether the file's name ends with an image extension (any case). */
  static boolean isImage(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(name::endsWith) && !name.startsWith(".");
  }

  /** The image files under {@code folder}, at any depth, sorted by path. */
  static List<Path> under(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).filter(Images::isImage).sorted().toList();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list the folder '" + folder + "': " + e.getMessage(), e);
    }
  }

  /**
   * Writes the image at {@code file} into {@code into} from {@code offset}, in {@code layout}.
   *
   * @throws IllegalArgumentException naming the file if it cannot be read as an image
   */
  static void read(Path file, ImageLayout layout, PixelScaling scaling, float[] into, int offset) {
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read the image '" + file + "': " + Main.oneLine(e), e);
    }
    if (image == null) {
      throw new IllegalArgumentException("cannot read the image '" + file + "': not a PNG, JPEG, BMP or GIF file that "
          + "Java's ImageIO can decode");
    }
    float[][] planes = resize(channels(image, layout.channels()), image.getHeight(), image.getWidth(), layout.height(),
        layout.width());
    for (int c = 0; c < layout.channels(); c++) {
      for (int y = 0; y < layout.height(); y++) {
        for (int x = 0; x < layout.width(); x++) {
          into[offset + layout.index(c, y, x)] = scaling.apply(c, planes[c][y * layout.width() + x]);
        }
      }
    }
  }

  /**
   * The image as {@code channels} planes of values 0–255. Grey images are read from their raster:
   * {@code getRGB} would pass them through a linear-to-sRGB conversion and change the values.
   */
  private static float[][] channels(BufferedImage image, int channels) {
    int h = image.getHeight();
    int w = image.getWidth();
    Raster raster = image.getRaster();
    boolean grey = image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    int bits = image.getColorModel().getComponentSize(0);
    double toByte = 255.0 / ((1L << bits) - 1);
    boolean alpha = image.getColorModel().hasAlpha();
    float[][] planes = new float[channels][h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        double r;
        double g;
        double b;
        double a;
        if (grey) {
          r = g = b = raster.getSample(x, y, 0) * toByte;
          a = alpha ? raster.getSample(x, y, raster.getNumBands() - 1) * toByte : 255;
        } else {
          int argb = image.getRGB(x, y);
          r = (argb >> 16) & 0xff;
          g = (argb >> 8) & 0xff;
          b = argb & 0xff;
          a = (argb >>> 24) & 0xff;
        }
        if (channels == 1) {
          planes[0][i] = (float) (grey ? r : r * 0.299 + g * 0.587 + b * 0.114);
        } else {
          planes[0][i] = (float) r;
          planes[1][i] = (float) g;
          planes[2][i] = (float) b;
          if (channels == 4) {
            planes[3][i] = (float) a;
          }
        }
      }
    }
    return planes;
  }

  /** Bilinear resizing of each plane from h×w to th×tw, sampling at pixel centres; a copy-free no-op at the same size. */
  private static float[][] resize(float[][] planes, int h, int w, int th, int tw) {
    if (h == th && w == tw) {
      return planes;
    }
    float[][] out = new float[planes.length][th * tw];
    for (int y = 0; y < th; y++) {
      double sy = Math.max(0, (y + 0.5) * h / th - 0.5);
      int y0 = Math.min((int) sy, h - 1);
      int y1 = Math.min(y0 + 1, h - 1);
      double fy = sy - y0;
      for (int x = 0; x < tw; x++) {
        double sx = Math.max(0, (x + 0.5) * w / tw - 0.5);
        int x0 = Math.min((int) sx, w - 1);
        int x1 = Math.min(x0 + 1, w - 1);
        double fx = sx - x0;
        for (int c = 0; c < planes.length; c++) {
          float[] p = planes[c];
          double top = p[y0 * w + x0] * (1 - fx) + p[y0 * w + x1] * fx;
          double bottom = p[y1 * w + x0] * (1 - fx) + p[y1 * w + x1] * fx;
          out[c][y * tw + x] = (float) (top * (1 - fy) + bottom * fy);
        }
      }
    }
    return out;
  }
}
