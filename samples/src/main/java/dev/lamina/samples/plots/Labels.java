// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples.plots;

/**
 * The texts of a chart.
 *
 * @param title above the chart
 * @param x the horizontal axis' title
 * @param y the vertical axis' title
 */
public record Labels(String title, String x, String y) {}
