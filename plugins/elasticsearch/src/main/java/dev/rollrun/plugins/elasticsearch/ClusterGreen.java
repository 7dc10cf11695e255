package dev.rollrun.plugins.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.api.StopCheck;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import dev.rollrun.api.Verdict;

/**
 * "Safe to stop?" no, unless the cluster is green with no shard initializing or relocating: a node
 * stopped while a shard has a single started copy, or while copies are still being built, can make
 * the cluster red. When shards are unassigned, the cluster's own explanation of the first one
 * ({@code _cluster/allocation/explain}) is part of the reason.
 */
final class ClusterGreen implements StopCheck {

  @Override
  public String name() {
    return "cluster green";
  }

  @Override
  public Verdict check(TaskContext context, TaskArgs args) throws InterruptedException {
    ClusterHttp http = new ClusterHttp(ElasticsearchSettings.of(args), context);
    JsonNode health = http.get(http.startingWith(context.host()), "/_cluster/health").json();
    String status = health.path("status").asText("unknown");
    int nodes = health.path("number_of_nodes").asInt();
    int unassigned = health.path("unassigned_shards").asInt();
    int initializing = health.path("initializing_shards").asInt();
    int relocating = health.path("relocating_shards").asInt();
    if (!"green".equals(status)) {
      return Verdict.unsafe(
          "the cluster is "
              + status
              + " ("
              + unassigned
              + " unassigned, "
              + initializing
              + " initializing, "
              + relocating
              + " relocating shards)"
              + (unassigned > 0 ? explain(http, context) : ""));
    }
    if (initializing > 0 || relocating > 0) {
      return Verdict.unsafe(
          "shards are moving: " + initializing + " initializing, " + relocating + " relocating");
    }
    return Verdict.safe(
        "the cluster is green: "
            + nodes
            + " nodes, "
            + health.path("active_shards").asInt()
            + " active shards");
  }

  /** The cluster's explanation of its first unassigned shard, or nothing if it gives none. */
  private static String explain(ClusterHttp http, TaskContext context) throws InterruptedException {
    ClusterHttp.Answer answer =
        http.get(http.startingWith(context.host()), "/_cluster/allocation/explain");
    if (!answer.ok()) {
      return "";
    }
    JsonNode explained = answer.json();
    String why =
        explained.path("allocate_explanation").asText(explained.path("explanation").asText(""));
    return "; "
        + explained.path("index").asText("?")
        + "["
        + explained.path("shard").asText("?")
        + "] "
        + (explained.path("primary").asBoolean() ? "primary" : "replica")
        + " "
        + explained.path("current_state").asText("unassigned")
        + (why.isEmpty() ? "" : ": " + why);
  }
}
