package dev.rollrun.core.config;

import java.util.Objects;

/**
 * A comparison's operand read from the same answer as the value it is compared with: {@code {path:
 * $.quorum_size}} in an {@code http:} condition's {@code json:} check, e.g. {@code {path:
 * "$.sum($.synced_followers, 1)", equals: {path: $.quorum_size}}}. Shown as its JSONPath.
 *
 * @param path a JSONPath expression (Jayway syntax), checked when the playbook is read
 */
public record AnswerPath(String path) {

  public AnswerPath {
    Objects.requireNonNull(path, "path");
  }

  @Override
  public String toString() {
    return path;
  }
}
