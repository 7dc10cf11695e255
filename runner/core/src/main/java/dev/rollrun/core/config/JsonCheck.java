package dev.rollrun.core.config;

import dev.rollrun.core.problem.SourcePosition;
import java.util.List;

/**
 * One JSONPath expression (Jayway syntax) of an {@code http:} condition and the comparisons its
 * value must meet, e.g. {@code {path: "$.status", equals: green}}.
 */
public record JsonCheck(String path, List<Comparison> comparisons, SourcePosition position) {

  public JsonCheck {
    comparisons = List.copyOf(comparisons);
  }

  public String describe() {
    return path
        + " "
        + String.join(" and ", comparisons.stream().map(Comparison::describe).toList());
  }
}
