package dev.rollrun.core.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The command-line inputs of a plan.
 *
 * @param inventory {@code --inventory}, or null to use the playbook's {@code inventory:}
 * @param limit {@code --limit}: host names or roles
 * @param extraVars {@code -e} values in order: {@code key=value} or {@code @file.yml}
 * @param environment what {@code {{ env.NAME }}} may read
 * @param home the home directory, for {@code ~} in identity files
 */
public record PlanOptions(
    Path inventory,
    List<String> limit,
    List<String> extraVars,
    Map<String, String> environment,
    Path home) {

  public PlanOptions {
    limit = List.copyOf(limit);
    extraVars = List.copyOf(extraVars);
    environment = Map.copyOf(environment);
  }

  public static PlanOptions defaults() {
    return new PlanOptions(
        null, List.of(), List.of(), System.getenv(), Path.of(System.getProperty("user.home")));
  }
}
