package dev.rollrun.core.plan;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.inventory.Inventory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a plan is made from, already read and checked: {@link Planner} reads no file and
 * starts nothing.
 *
 * @param behaviour the cluster behaviour the playbook's {@code cluster:} names
 * @param names the playbook and inventory as the digest names them
 * @param limit {@code --limit}: host names or roles; empty for no limit
 * @param extraVars {@code -e key=value}: override playbook vars, shown as they are
 * @param secretVars {@code -e @file.yml}: vars shown as {@code <secret:NAME>} in every output
 * @param environment what {@code {{ env.NAME }}} reads; shown as {@code <secret:NAME>}
 */
public record PlanRequest(
    Playbook playbook,
    Inventory inventory,
    ClusterBehaviour behaviour,
    SourceNames names,
    List<String> limit,
    Map<String, Object> extraVars,
    Map<String, Object> secretVars,
    Map<String, String> environment) {

  public PlanRequest {
    limit = List.copyOf(limit);
    extraVars = Collections.unmodifiableMap(new LinkedHashMap<>(extraVars));
    secretVars = Collections.unmodifiableMap(new LinkedHashMap<>(secretVars));
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
  }
}
