package dev.rollrun.plugins.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollrun.api.RollrunException;
import java.io.IOException;

/**
 * What {@link AllocationHold} saves before it changes {@code cluster.routing.allocation.enable}, as
 * rollrun journals it (JSON, so that {@code rollrun recover} can put it back after a crash):
 *
 * <pre>
 * {"node": "es-3", "node_id": "8qG59hmo...", "started": 1796034642331,
 *  "persistent": "all", "transient": null}
 * </pre>
 *
 * {@code persistent} and {@code transient} are the setting's values as the operator left them, null
 * when unset. A transient value wins over a persistent one, so the hold is set (and put back) where
 * it takes effect: in transient when the operator has a transient value, else in persistent.
 */
record SavedAllocation(
    String node, String nodeId, long started, String persistent, String transientValue) {

  static final String SETTING = "cluster.routing.allocation.enable";

  /** Where the hold is set and put back: {@code transient} or {@code persistent}. */
  String scope() {
    return transientValue != null ? "transient" : "persistent";
  }

  /** The value to put back in {@link #scope()}; null removes it. */
  String value() {
    return transientValue != null ? transientValue : persistent;
  }

  /** How the value reads in messages: {@code all (persistent)}, {@code unset (persistent)}. */
  String describe() {
    return (value() == null ? "unset" : value()) + " (" + scope() + ")";
  }

  String toJson() {
    ObjectNode json = ClusterHttp.JSON.createObjectNode();
    json.put("node", node);
    json.put("node_id", nodeId);
    json.put("started", started);
    json.put("persistent", persistent);
    json.put("transient", transientValue);
    return json.toString();
  }

  static SavedAllocation fromJson(String text) {
    try {
      JsonNode json = ClusterHttp.JSON.readTree(text);
      if (!json.isObject() || !json.path("node").isTextual()) {
        throw new IOException("not a saved allocation");
      }
      return new SavedAllocation(
          json.path("node").asText(),
          json.path("node_id").asText(""),
          json.path("started").asLong(0),
          json.path("persistent").isTextual() ? json.path("persistent").asText() : null,
          json.path("transient").isTextual() ? json.path("transient").asText() : null);
    } catch (IOException e) {
      throw new RollrunException("the saved shard allocation cannot be read: " + text);
    }
  }

  /** The body that sets {@link #scope()} to {@code value} (null: removes it). */
  String body(String value) {
    ObjectNode body = ClusterHttp.JSON.createObjectNode();
    ObjectNode scope = body.putObject(scope());
    if (value == null) {
      scope.putNull(SETTING);
    } else {
      scope.put(SETTING, value);
    }
    return body.toString();
  }
}
