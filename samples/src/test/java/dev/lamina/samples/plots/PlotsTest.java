// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  @TempDir Path dir;

  /**
   * Checks the PNG signature, a plausible size (a blank 720×450 PNG takes ~2 KB, a simple chart
   * ~8 KB), the pixel dimensions, and that something was drawn (antialiased text and lines give
   * many colours; a blank image has one or two).
   */
  private static void assertPng(Path file, int width, int height) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), file + " starts with the PNG signature");
    assertTrue(bytes.length > 5_000 && bytes.length < 2_000_000, file + " has " + bytes.length + " bytes");
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(width, image.getWidth());
    assertEquals(height, image.getHeight());
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < height; y += 2) {
      for (int x = 0; x < width; x += 2) {
        colours.add(image.getRGB(x, y));
      }
    }
    assertTrue(colours.size() > 20, file + " has only " + colours.size() + " colours");
  }

  @Test
  void learningCurvesAsTwoPanels() throws IOException {
    Map<String, List<Double>> history = new LinkedHashMap<>();
    history.put("loss", List.of(0.9, 0.6, 0.45, 0.38, 0.33));
    history.put("accuracy", List.of(0.70, 0.80, 0.85, 0.87, 0.89));
    history.put("val_loss", List.of(0.7, 0.55, 0.47, 0.44, 0.43));
    history.put("val_accuracy", List.of(0.76, 0.82, 0.84, 0.85, 0.85));
    Path file = Plots.learningCurves(history, dir.resolve("sub/curves.png"));
    assertEquals(dir.resolve("sub/curves.png"), file);
    assertPng(file, 2 * Plots.WIDTH, Plots.HEIGHT);
    assertPng(Plots.learningCurves(Map.of("loss", List.of(1.0, 0.5)), dir.resolve("loss.png")), Plots.WIDTH, Plots.HEIGHT);
  }

  @Test
  void curvesWithLogX() throws IOException {
    int n = 100;
    double[] lr = new double[n];
    double[] loss = new double[n];
    for (int i = 0; i < n; i++) {
      lr[i] = 1e-5 * Math.pow(10, 5.0 * i / n);
      loss[i] = 2.3 - Math.log10(lr[i] / 1e-5) * 0.4 + Math.pow(Math.max(0, Math.log10(lr[i] / 0.1)), 2) * 8;
    }
    Path file = Plots.curves(dir.resolve("lr.png"), new Labels("LR finder", "learning rate", "loss"),
        List.of(new Series("loss", lr, loss)), Scale.LOG);
    assertPng(file, Plots.WIDTH, Plots.HEIGHT);
  }

  @Test
  void perLayerBars() throws IOException {
    List<String> layers = List.of("dense_1", "dense_2", "dense_3", "dense_4", "dense_5");
    Map<String, double[]> norms = new LinkedHashMap<>();
    norms.put("sigmoid + N(0,1)", new double[] {1e-6, 1e-5, 1e-4, 1e-3, 1e-2});
    norms.put("He + ELU", new double[] {0.02, 0.03, 0.025, 0.03, 0.04});
    Path file = Plots.perLayer(dir.resolve("norms.png"), new Labels("Gradient norms", "layer", "norm"), layers, norms,
        Scale.LOG);
    assertPng(file, Plots.WIDTH, Plots.HEIGHT);
  }

  @Test
  void errorsNameTheProblem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plots.curves(dir.resolve("x.png"),
        new Labels("LR finder", "lr", "loss"), List.of(new Series("loss", new double[] {0, 1}, new double[] {1, 2})),
        Scale.LOG));
    assertEquals("Plots(LR finder): series loss needs x > 0 on a log axis, but value 0 was 0.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Plots.perLayer(dir.resolve("y.png"),
        new Labels("Norms", "layer", "norm"), List.of("a", "b"), Map.of("s", new double[] {1}), Scale.LINEAR));
    assertEquals("Plots.perLayer(Norms): series s must have 2 values (one per layer), but had 1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Series("s", new double[] {1, 2}, new double[] {1}));
    assertEquals("Series(name=s): x and y must have the same length > 0, but had 2 and 1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Plots.learningCurves(Map.of(), dir.resolve("z.png")));
    assertTrue(e.getMessage().startsWith("Plots.learningCurves: the history is empty"), e.getMessage());
  }
}
