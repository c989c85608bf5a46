package dev.lamina.samples;

/** Reads option values with errors that name the option and the value received. */
final class Args {
  private Args() {}

  static int integer(String option, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a whole number, but was '" + value + "'");
    }
  }

  static long longInteger(String option, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " must be a whole number, but was '" + value + "'");
    }
  }
}
