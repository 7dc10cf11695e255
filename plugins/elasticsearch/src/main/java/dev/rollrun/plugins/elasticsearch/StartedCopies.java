package dev.rollrun.plugins.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.api.StopCheck;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import dev.rollrun.api.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Safe to stop?" no, when a shard's only started copy is on this node: stopping it would leave
 * that shard with no started copy, and its index red, until the node is back. Read from {@code
 * _cat/shards}: every copy of every shard, its state and its node.
 */
final class StartedCopies implements StopCheck {

  static final String PATH = "/_cat/shards?format=json&h=index,shard,prirep,state,node";

  /** At most this many shards are named in a refusal; the rest are counted. */
  private static final int NAMED = 5;

  @Override
  public String name() {
    return "another started copy of each shard";
  }

  @Override
  public Verdict check(TaskContext context, TaskArgs args) throws InterruptedException {
    ClusterHttp http = new ClusterHttp(ElasticsearchSettings.of(args), context);
    ClusterNode node = ThisNode.of(http, context.host());
    JsonNode shards = http.get(http.startingWith(context.host()), PATH).json();
    Map<String, List<JsonNode>> copies = new LinkedHashMap<>();
    for (JsonNode copy : shards) {
      copies
          .computeIfAbsent(
              copy.path("index").asText() + "[" + copy.path("shard").asText() + "]",
              k -> new ArrayList<>())
          .add(copy);
    }
    List<String> alone = new ArrayList<>();
    int here = 0;
    for (Map.Entry<String, List<JsonNode>> shard : copies.entrySet()) {
      boolean startedHere = false;
      int startedElsewhere = 0;
      String role = "";
      for (JsonNode copy : shard.getValue()) {
        if (!"STARTED".equals(copy.path("state").asText())) {
          continue;
        }
        if (node.name().equals(nodeName(copy))) {
          startedHere = true;
          role = "p".equals(copy.path("prirep").asText()) ? "primary" : "replica";
        } else {
          startedElsewhere++;
        }
      }
      if (startedHere) {
        here++;
        if (startedElsewhere == 0) {
          alone.add(shard.getKey() + " (" + role + ")");
        }
      }
    }
    if (alone.isEmpty()) {
      return Verdict.safe(
          "each of the " + here + " shards on " + node.name() + " has another started copy");
    }
    String named = String.join(", ", alone.subList(0, Math.min(NAMED, alone.size())));
    return Verdict.unsafe(
        "stopping "
            + node.name()
            + " would leave "
            + alone.size()
            + (alone.size() == 1 ? " shard" : " shards")
            + " with no started copy: "
            + named
            + (alone.size() > NAMED ? " and " + (alone.size() - NAMED) + " more" : ""));
  }

  /** {@code node} of a copy; a relocating copy reads {@code n1 -> 10.0.0.2 id n2}. */
  private static String nodeName(JsonNode copy) {
    String node = copy.path("node").asText("");
    int arrow = node.indexOf(" ->");
    return arrow >= 0 ? node.substring(0, arrow).strip() : node.strip();
  }
}
