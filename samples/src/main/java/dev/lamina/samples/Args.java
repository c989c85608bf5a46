// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/**
 * Converts option values for picocli, with errors that say what was expected and the value
 * received; {@link Main} puts the option's name in front ("--samples must be a whole number, but
 * was 'many'").
 */
final class Args {
  private Args() {}

  /** Registers the converters on {@code cli} and the subcommands it has. */
  static CommandLine install(CommandLine cli) {
    return cli.registerConverter(Integer.class, Args::integer).registerConverter(int.class, Args::integer)
        .registerConverter(Long.class, Args::longInteger).registerConverter(long.class, Args::longInteger)
        .registerConverter(Double.class, Args::number).registerConverter(double.class, Args::number);
  }

  static int integer(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("must be a whole number, but was '" + value + "'");
    }
  }

  static long longInteger(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("must be a whole number, but was '" + value + "'");
    }
  }

  static double number(String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new TypeConversionException("must be a number, but was '" + value + "'");
    }
  }
}
