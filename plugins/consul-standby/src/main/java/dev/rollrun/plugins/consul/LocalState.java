package dev.rollrun.plugins.consul;

import dev.rollrun.api.CommandOutput;
import dev.rollrun.api.TaskContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a node says about itself over SSH, as PowerConsul's {@code status} shows its {@code local:}
 * part: each local service running (its status command exits 0) or stopped, and, with {@code
 * local.role-check}, the service's own view of its role.
 *
 * @param running each local service and whether it runs
 * @param output the first line of each status command's output
 * @param role what the role check printed (lower case, first word), or null without one
 */
record LocalState(Map<String, Boolean> running, Map<String, String> output, String role) {

  LocalState {
    running = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(running));
    output = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(output));
  }

  static LocalState read(TaskContext context, ConsulSettings settings) {
    Map<String, Boolean> running = new LinkedHashMap<>();
    Map<String, String> output = new LinkedHashMap<>();
    settings
        .localServices()
        .forEach(
            (name, command) -> {
              CommandOutput status = NodeCommands.run(context, settings, command);
              running.put(name, status.ok());
              output.put(
                  name, firstLine(status.stdout().isBlank() ? status.stderr() : status.stdout()));
            });
    String role = null;
    if (settings.roleCheck() != null) {
      CommandOutput check = NodeCommands.run(context, settings, settings.roleCheck());
      String said = check.stdout().strip();
      role =
          !check.ok() || said.isEmpty()
              ? "unknown (" + (check.ok() ? "no output" : "exit " + check.exitCode()) + ")"
              : said.split("\\s+")[0].toLowerCase(Locale.ROOT);
    }
    return new LocalState(running, output, role);
  }

  /**
   * Why this state does not fit a node that Consul lists as {@code role}, or null when it does: an
   * active node runs every local service; a standby runs none (or every one, for a warm standby);
   * the role check, if any, says the same role.
   */
  String disagreement(String role, boolean standbyRuns) {
    boolean shouldRun = "active".equals(role) || standbyRuns;
    List<String> wrong = new ArrayList<>();
    running.forEach(
        (name, runs) -> {
          if (runs != shouldRun) {
            wrong.add(name + " " + (runs ? "running" : "stopped"));
          }
        });
    List<String> reasons = new ArrayList<>();
    if (!wrong.isEmpty()) {
      reasons.add(
          String.join(", ", wrong)
              + " (a"
              + ("active".equals(role) ? "n active" : " standby")
              + " node's local services are "
              + (shouldRun ? "running" : "stopped")
              + ")");
    }
    if (this.role != null && !this.role.equals(role)) {
      reasons.add("its role check says " + this.role);
    }
    return reasons.isEmpty() ? null : String.join("; ", reasons);
  }

  /** {@code demo running, role check: standby}. */
  String summary() {
    List<String> parts = new ArrayList<>();
    running.forEach((name, runs) -> parts.add(name + " " + (runs ? "running" : "stopped")));
    if (role != null) {
      parts.add("role check: " + role);
    }
    return parts.isEmpty() ? "no local services configured" : String.join(", ", parts);
  }

  /** One line per local service and the role check, as {@code rollrun status} shows them. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    running.forEach(
        (name, runs) -> {
          String said = output.get(name);
          lines.add(
              "service."
                  + name
                  + ": "
                  + (runs ? "running" : "stopped")
                  + (said == null || said.isEmpty() ? "" : "  [" + said + "]"));
        });
    if (role != null) {
      lines.add("role check: " + role);
    }
    return lines;
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 160 ? line.substring(0, 160) + "..." : line;
  }
}
