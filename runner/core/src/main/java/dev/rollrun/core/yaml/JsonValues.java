package dev.rollrun.core.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain Java values (String, Integer, Long, Double, Boolean, List, Map) from a JSON tree. */
public final class JsonValues {

  private JsonValues() {}

  public static Object toJava(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isInt()) {
      return node.intValue();
    }
    if (node.isLong()) {
      return node.longValue();
    }
    if (node.isBigInteger()) {
      return node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(toJava(item)));
      return Collections.unmodifiableList(list);
    }
    return toMap(node);
  }

  /** A mapping's entries in file order; an absent or null node gives an empty map. */
  public static Map<String, Object> toMap(JsonNode node) {
    Map<String, Object> map = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      node.fields().forEachRemaining(e -> map.put(e.getKey(), toJava(e.getValue())));
    }
    return Collections.unmodifiableMap(map);
  }
}
