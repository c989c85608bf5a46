// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import java.util.LinkedHashSet;
import java.util.Set;

/** The keys of a {@code RESULT {json}} line, for tests (the samples have no JSON library). */
final class ResultLines {
  private ResultLines() {}

  /** The keys of the object at {@code depth} (1: the top level, 2: objects inside it, such as epochs_detail's). */
  static Set<String> keys(String result, int depth) {
    if (!result.startsWith("RESULT {")) {
      throw new IllegalArgumentException("not a RESULT line: " + result);
    }
    String json = result.substring("RESULT ".length());
    Set<String> keys = new LinkedHashSet<>();
    int level = 0;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '{' || c == '[') {
        level += c == '{' ? 1 : 0;
      } else if (c == '}') {
        level--;
      } else if (c == '"') {
        int end = json.indexOf('"', i + 1);
        String text = json.substring(i + 1, end);
        int next = end + 1;
        while (next < json.length() && json.charAt(next) == ' ') {
          next++;
        }
        if (level == depth && next < json.length() && json.charAt(next) == ':') {
          keys.add(text);
        }
        i = end;
      }
    }
    if (level != 0) {
      throw new IllegalArgumentException("unbalanced braces in " + result);
    }
    return keys;
  }
}
