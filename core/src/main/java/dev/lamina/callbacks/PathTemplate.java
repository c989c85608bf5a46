// SPDX-License-Identifier: Apache-2.0

package dev.lamina.callbacks;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ModelCheckpoint} file path with placeholders, filled in as Keras'
 * {@code filepath.format(epoch=epoch + 1, **logs)}: see {@link ModelCheckpoint} for the syntax.
 */
final class PathTemplate {
  private static final Pattern SPEC = Pattern.compile("(0)?([1-9][0-9]*)?(?:\\.([0-9]+))?([dfe])");

  private final String filepath;
  /** Literal text and placeholders, in order. */
  private final List<Piece> pieces;

  private PathTemplate(String filepath, List<Piece> pieces) {
    this.filepath = filepath;
    this.pieces = List.copyOf(pieces);
  }

  /**
   * The path for this epoch.
   *
   * @throws IllegalStateException if a placeholder names no logged value
   */
  String fill(EpochEnd event) {
    StringBuilder name = new StringBuilder();
    for (Piece piece : pieces) {
      if (piece.name == null) {
        name.append(piece.text);
      } else if (piece.name.equals("epoch")) {
        name.append(piece.format(event.epoch() + 1));
      } else if (event.has(piece.name)) {
        name.append(piece.format(event.get(piece.name)));
      } else {
        throw new IllegalStateException("ModelCheckpoint: placeholder " + piece.text + " in \"" + filepath
            + "\" names no logged value; logged are " + event.logs().keySet() + " and epoch"
            + (piece.name.startsWith("val_") ? "; validation needs FitOptions.validationData or validationSplit" : ""));
      }
    }
    return name.toString();
  }

  /**
   * The template of a path, or null if it has no placeholder.
   *
   * @throws IllegalArgumentException for an unpaired brace or an unsupported placeholder or format
   */
  static @Nullable PathTemplate parse(String filepath) {
    if (filepath.indexOf('{') < 0 && filepath.indexOf('}') < 0) {
      return null;
    }
    List<Piece> pieces = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < filepath.length(); i++) {
      char c = filepath.charAt(i);
      if (c == '}') {
        if (i + 1 < filepath.length() && filepath.charAt(i + 1) == '}') {
          text.append('}');
          i++;
          continue;
        }
        throw new IllegalArgumentException("ModelCheckpoint: a single '}' at index " + i + " of \"" + filepath
            + "\"; write }} for a brace");
      }
      if (c != '{') {
        text.append(c);
        continue;
      }
      if (i + 1 < filepath.length() && filepath.charAt(i + 1) == '{') {
        text.append('{');
        i++;
        continue;
      }
      int end = filepath.indexOf('}', i);
      if (end < 0) {
        throw new IllegalArgumentException("ModelCheckpoint: the '{' at index " + i + " of \"" + filepath
            + "\" is not closed; write {{ for a brace");
      }
      pieces.add(new Piece(text.toString(), null, null));
      text.setLength(0);
      pieces.add(placeholder(filepath.substring(i, end + 1), filepath));
      i = end;
    }
    pieces.add(new Piece(text.toString(), null, null));
    return new PathTemplate(filepath, pieces);
  }

  private static Piece placeholder(String placeholder, String filepath) {
    String field = placeholder.substring(1, placeholder.length() - 1);
    int colon = field.indexOf(':');
    String name = colon < 0 ? field : field.substring(0, colon);
    String spec = colon < 0 ? "" : field.substring(colon + 1);
    if (name.isBlank() || name.contains("!") || name.contains("{") || name.contains("[") || name.contains(".")) {
      throw new IllegalArgumentException("ModelCheckpoint: unsupported placeholder " + placeholder + " in \"" + filepath
          + "\"; a placeholder is {name} or {name:format}, name being epoch or a logged value");
    }
    if (spec.isEmpty()) {
      return new Piece(placeholder, name, null);
    }
    Matcher m = SPEC.matcher(spec);
    boolean epoch = name.equals("epoch");
    if (!m.matches() || m.group(4).equals("d") && (!epoch || m.group(3) != null)) {
      throw new IllegalArgumentException("ModelCheckpoint: unsupported format '" + spec + "' in placeholder "
          + placeholder + " of \"" + filepath + "\"; supported are [0][width][.precision] then f or e"
          + (epoch ? ", or [0][width]d for the epoch" : " (d only for the epoch)"));
    }
    String width = m.group(2) == null ? "" : (m.group(1) != null ? "0" : "") + m.group(2);
    String precision = m.group(3) == null ? "" : "." + m.group(3);
    return new Piece(placeholder, name, "%" + width + precision + m.group(4));
  }

  /** Literal text (name null), or a placeholder (text is its source) with its Java format, if any. */
  private record Piece(String text, @Nullable String name, @Nullable String format) {
    String format(int value) {
      return format == null ? Integer.toString(value)
          : String.format(Locale.ROOT, format, format.endsWith("d") ? (Object) value : (Object) (double) value);
    }

    String format(double value) {
      if (!Double.isFinite(value)) {
        return Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf"; // as Python
      }
      return format == null ? python(value) : String.format(Locale.ROOT, format, value);
    }
  }

  /**
   * A finite value as Python's {@code str(float)}: the shortest digits that read back as it (those
   * of {@link Double#toString}), in positional notation when the decimal exponent is in [-4, 16),
   * else as {@code 1.5e-05}.
   */
  static String python(double value) {
    if (value == 0) {
      return 1 / value < 0 ? "-0.0" : "0.0";
    }
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(value))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exponent = digits.length() - 1 - d.scale();
    String sign = value < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      String plain = d.toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "")
        + Math.abs(exponent);
  }

}
