package dev.rollrun.core.behaviour;

import dev.rollrun.api.ClusterBehaviour;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The cluster behaviours a playbook's {@code cluster:} may name, by id. */
public final class BehaviourCatalog {

  private final Map<String, ClusterBehaviour> byId;

  public BehaviourCatalog(List<ClusterBehaviour> behaviours) {
    TreeMap<String, ClusterBehaviour> map = new TreeMap<>();
    behaviours.forEach(b -> map.put(b.id(), b));
    this.byId = Collections.unmodifiableMap(map);
  }

  /** The behaviours that ship with rollrun. */
  public static BehaviourCatalog builtIn() {
    return new BehaviourCatalog(List.of(new ServiceBehaviour()));
  }

  public Optional<ClusterBehaviour> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public java.util.Set<String> ids() {
    return byId.keySet();
  }
}
