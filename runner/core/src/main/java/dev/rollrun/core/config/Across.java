package dev.rollrun.core.config;

import dev.rollrun.core.problem.SourcePosition;
import java.util.List;

/**
 * The nodes a cluster condition is checked on: {@code across: all-nodes} (the playbook's whole
 * selection, whatever {@code --limit} leaves to roll), {@code across: {nodes-in-role: broker}} or
 * {@code across: {these: [kafka-1, kafka-2]}}.
 */
public record Across(Scope scope, String role, List<String> hosts, SourcePosition position) {

  public enum Scope {
    ALL_NODES,
    ROLE,
    THESE
  }

  public Across {
    hosts = List.copyOf(hosts);
  }

  /** e.g. {@code all nodes}, {@code nodes in role broker}, {@code kafka-1, kafka-2}. */
  public String describe() {
    return switch (scope) {
      case ALL_NODES -> "all nodes";
      case ROLE -> "nodes in role " + role;
      case THESE -> String.join(", ", hosts);
    };
  }
}
