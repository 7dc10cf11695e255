package dev.rollrun.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One member of a cluster as the cluster itself describes it, matched to an inventory host by the
 * behaviour that discovered it.
 *
 * @param host the inventory name of the host this member runs on, or {@code null} when no inventory
 *     host matches it (rollrun then refuses to roll, naming the member)
 * @param id the member's id as the cluster names it, e.g. a Kafka broker id or an Elasticsearch
 *     node name
 * @param roles what the member is right now, e.g. {@code controller}, {@code leader}, {@code
 *     active}; added to the host's roles
 * @param facts what the behaviour learnt about the member, e.g. {@code broker_id}; the host's
 *     variables under {@code discovered} ({@code {{ discovered.broker_id }}})
 */
public record ClusterMember(String host, String id, List<String> roles, Map<String, Object> facts) {

  public ClusterMember {
    Objects.requireNonNull(id, "id");
    roles = List.copyOf(roles);
    facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
  }
}
