package dev.rollrun.core.behaviour;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.core.config.GateSpec;
import dev.rollrun.core.config.PlaybookReader;
import dev.rollrun.core.schema.SchemaCatalog;
import dev.rollrun.core.yaml.YamlDocument;
import dev.rollrun.core.yaml.YamlDocumentReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A behaviour's {@link ClusterBehaviour#defaultHealth()}, read as a playbook's {@code health:} is:
 * checked against the playbook schema's gate and bound by the playbook's own reader, so it has
 * every condition kind a playbook has. Messages name it {@code cluster <id>: default health}, with
 * the line and column in the behaviour's text. Read once per behaviour (and once per text its
 * settings make of it: {@link ClusterBehaviour#defaultHealth(TaskArgs)}).
 */
public final class DefaultHealth {

  private static final Map<ClusterBehaviour, Optional<GateSpec>> READ = new ConcurrentHashMap<>();

  private record ForSettings(ClusterBehaviour behaviour, String text) {}

  private static final Map<ForSettings, Optional<GateSpec>> READ_FOR_SETTINGS =
      new ConcurrentHashMap<>();

  private DefaultHealth() {}

  /**
   * The behaviour's default gate, or empty when it has none.
   *
   * @throws dev.rollrun.core.problem.InvalidConfigException when the behaviour's text is not a
   *     valid gate
   */
  public static Optional<GateSpec> of(ClusterBehaviour behaviour) {
    Optional<GateSpec> known = READ.get(behaviour);
    if (known != null) {
      return known;
    }
    Optional<GateSpec> read = read(behaviour);
    READ.put(behaviour, read);
    return read;
  }

  /**
   * The behaviour's default gate for a playbook's {@code settings:}, or empty when it has none.
   *
   * @throws dev.rollrun.core.problem.InvalidConfigException when the behaviour's text is not a
   *     valid gate
   */
  public static Optional<GateSpec> of(ClusterBehaviour behaviour, TaskArgs settings) {
    String text = behaviour.defaultHealth(settings);
    ForSettings key = new ForSettings(behaviour, text == null ? "" : text);
    Optional<GateSpec> known = READ_FOR_SETTINGS.get(key);
    if (known != null) {
      return known;
    }
    Optional<GateSpec> read = read(behaviour, text);
    READ_FOR_SETTINGS.put(key, read);
    return read;
  }

  private static Optional<GateSpec> read(ClusterBehaviour behaviour) {
    return read(behaviour, behaviour.defaultHealth());
  }

  private static Optional<GateSpec> read(ClusterBehaviour behaviour, String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String name = displayName(behaviour);
    YamlDocument doc = new YamlDocumentReader("default health").parse(Path.of(name), name, text);
    return Optional.of(new PlaybookReader(SchemaCatalog.builtIn()).readGate(doc));
  }

  /** How messages name a behaviour's default health. */
  public static String displayName(ClusterBehaviour behaviour) {
    return "cluster " + behaviour.id() + ": default health";
  }
}
