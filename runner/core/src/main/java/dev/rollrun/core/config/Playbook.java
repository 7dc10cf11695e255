package dev.rollrun.core.config;

import dev.rollrun.api.Phase;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.yaml.YamlDocument;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A playbook after loading and validation: what to roll, how, and what "healthy" means. The YAML
 * shape is {@code schemas/playbook.schema.json}; see {@link PlaybookReader}.
 *
 * @param path the file
 * @param displayName the file as messages name it
 * @param inventory the {@code inventory:} reference, or null
 * @param hosts the {@code hosts:} selectors (host names or roles); empty means every host
 * @param lock where the cluster's lock lives ({@code lock:}), or null for the state directory's
 *     lock file
 * @param health the health gate after each batch, or null to use the behaviour's default
 * @param document the YAML it was read from, for positions in messages
 */
public record Playbook(
    Path path,
    String displayName,
    String name,
    String description,
    String cluster,
    Template inventory,
    List<Template> hosts,
    Map<String, Object> vars,
    ServiceSpec service,
    RolloutSpec rollout,
    LockSpec lock,
    GateSpec health,
    Map<Phase, List<StepSpec>> steps,
    YamlDocument document) {

  public Playbook {
    hosts = List.copyOf(hosts);
    vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    EnumMap<Phase, List<StepSpec>> copy = new EnumMap<>(Phase.class);
    steps.forEach((phase, list) -> copy.put(phase, List.copyOf(list)));
    steps = Collections.unmodifiableMap(copy);
  }

  public List<StepSpec> steps(Phase phase) {
    return steps.getOrDefault(phase, List.of());
  }

  /**
   * The {@code settings:} of the cluster behaviour, as written (plain values, no templates); empty
   * when the playbook has none.
   */
  public Map<String, Object> settings() {
    return dev.rollrun.core.yaml.JsonValues.toMap(document.root().path("settings"));
  }

  /** Where the key at {@code pointer} (e.g. {@code /cluster}) is written, for messages. */
  public SourcePosition keyPosition(String pointer) {
    return document.keyPosition(pointer);
  }

  /** Where the value at {@code pointer} is written, for messages. */
  public SourcePosition valuePosition(String pointer) {
    return document.valuePosition(pointer);
  }
}
