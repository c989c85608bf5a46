// SPDX-License-Identifier: Apache-2.0

package dev.lamina.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void parsesNestedValues() {
    Object v = Json.parse(" {\"a\": [1, -2.5e-3, 1E2, true, false, null], \"b\": {}, \"c\": [], \"d\": \"x\"} ");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", Arrays.asList(1.0, -2.5e-3, 100.0, true, false, null));
    expected.put("b", Map.of());
    expected.put("c", List.of());
    expected.put("d", "x");
    assertEquals(expected, v);
    assertEquals(List.of("a", "b", "c", "d"), List.copyOf(((Map<?, ?>) v).keySet()), "key order is kept");
  }

  @Test
  void decodesStringEscapes() {
    assertEquals("q\" b\\ s/ \b\f\n\r\t \u00e9 \u2264", Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\u2264\""));
    assertEquals("|/x| <= 1e-5", Json.parse("\"|/x| <= 1e-5\""));
    assertNull(Json.parse("null"));
  }

  @Test
  void rejectsMalformedText() {
    for (String bad : List.of("", "{", "[1,]", "{\"a\" 1}", "\"open", "tru", "[1] 2", "{1: 2}", "\"\\x\"", "-")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
      assertTrue(e.getMessage().startsWith("Json: "), e.getMessage());
    }
  }
}
