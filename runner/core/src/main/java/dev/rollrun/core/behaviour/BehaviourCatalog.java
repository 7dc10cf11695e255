package dev.rollrun.core.behaviour;

import dev.rollrun.api.ClusterBehaviour;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The cluster behaviours a playbook's {@code cluster:} may name, by id: those of the loaded plugins
 * ({@code service} ships as one). Ids are unique; the plugin loader refuses a second behaviour with
 * an id already taken.
 */
public final class BehaviourCatalog {

  private final Map<String, ClusterBehaviour> byId;

  public BehaviourCatalog(List<ClusterBehaviour> behaviours) {
    TreeMap<String, ClusterBehaviour> map = new TreeMap<>();
    behaviours.forEach(b -> map.put(b.id(), b));
    this.byId = Collections.unmodifiableMap(map);
  }

  /** No behaviour at all: every {@code cluster:} is unknown. */
  public static BehaviourCatalog empty() {
    return new BehaviourCatalog(List.of());
  }

  public Optional<ClusterBehaviour> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Set<String> ids() {
    return byId.keySet();
  }

  /** Every behaviour, by id. */
  public Map<String, ClusterBehaviour> all() {
    return byId;
  }
}
