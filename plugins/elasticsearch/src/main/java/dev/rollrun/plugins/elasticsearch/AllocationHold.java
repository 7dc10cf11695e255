package dev.rollrun.plugins.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.api.Host;
import dev.rollrun.api.NodeWrapper;
import dev.rollrun.api.RollrunException;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Around each data node, what Elastic's rolling-restart guide does by hand: before the stop, shard
 * allocation held at {@code primaries} (the node's replicas are not copied elsewhere while it is
 * down) and a flush (less to replay when it is back); once it is started again, wait until it has
 * rejoined the cluster (its name in {@code _nodes}), then put the setting back to exactly what the
 * operator had: the persistent or transient value, or none, never a blind {@code all}.
 *
 * <p>An owned setting: rollrun journals what {@link #save} read before {@link #before} changes it;
 * {@link #after} puts it back when the node is done, when the roll fails or is interrupted after
 * the hold was set; {@link #recover} puts it back at once from {@code rollrun recover} after a
 * crash, whether or not the node runs. If the node does not rejoin within {@code rejoin-timeout},
 * the setting is put back all the same and the step fails. Nodes that hold no data are left alone.
 */
final class AllocationHold implements NodeWrapper {

  private final Clock clock;
  private final Pause pause;

  /** What {@link #save} read, for the {@link #before} that follows it on the same host. */
  private final Map<String, SavedAllocation> saved = new ConcurrentHashMap<>();

  AllocationHold(Clock clock, Pause pause) {
    this.clock = clock;
    this.pause = pause;
  }

  @Override
  public String name() {
    return "shard allocation primaries";
  }

  @Override
  public String save(TaskContext context, TaskArgs args) throws InterruptedException {
    Host host = context.host();
    saved.remove(host.name());
    ClusterHttp http = new ClusterHttp(ElasticsearchSettings.of(args), context);
    ClusterNode node = ThisNode.of(http, host);
    if (!node.holdsData()) {
      context.log(node.name() + " holds no data: shard allocation is left as it is");
      return null;
    }
    JsonNode settings =
        http.get(http.startingWith(host), "/_cluster/settings?flat_settings=true").json();
    SavedAllocation allocation =
        new SavedAllocation(
            node.name(),
            node.id(),
            node.startedAt(),
            textOrNull(settings.path("persistent").path(SavedAllocation.SETTING)),
            textOrNull(settings.path("transient").path(SavedAllocation.SETTING)));
    saved.put(host.name(), allocation);
    return allocation.toJson();
  }

  @Override
  public void before(TaskContext context, TaskArgs args) throws InterruptedException {
    SavedAllocation allocation = saved.remove(context.host().name());
    if (allocation == null) {
      return;
    }
    ElasticsearchSettings settings = ElasticsearchSettings.of(args);
    ClusterHttp http = new ClusterHttp(settings, context);
    put(http, context.host(), allocation, "primaries");
    context.log(
        "shard allocation held at primaries in "
            + allocation.scope()
            + " (it was "
            + allocation.describe()
            + ")");
    if (settings.flush()) {
      JsonNode flushed =
          http.first(http.startingWith(context.host()), "POST", "/_flush", null)
              .json()
              .path("_shards");
      context.log(
          "flushed: "
              + flushed.path("successful").asInt()
              + " of "
              + flushed.path("total").asInt()
              + " shard copies"
              + (flushed.path("failed").asInt() > 0
                  ? ", " + flushed.path("failed").asInt() + " failed (replayed from the translog)"
                  : ""));
    }
  }

  @Override
  public void after(TaskContext context, TaskArgs args, String savedJson)
      throws InterruptedException {
    if (savedJson == null) {
      return;
    }
    SavedAllocation allocation = SavedAllocation.fromJson(savedJson);
    ElasticsearchSettings settings = ElasticsearchSettings.of(args);
    ClusterHttp http = new ClusterHttp(settings, context);
    Host host = context.host();
    String rejoined = null;
    InterruptedException interrupted = null;
    RuntimeException failed = null;
    try {
      rejoined = awaitRejoin(http, host, allocation, settings);
    } catch (InterruptedException e) {
      interrupted = e;
    } catch (RuntimeException e) {
      failed = e;
    }
    // Put back whatever happened above: an interrupted wait must not leave the hold behind.
    boolean wasInterrupted = Thread.interrupted();
    try {
      putBack(http, host, allocation);
    } finally {
      if (wasInterrupted || interrupted != null) {
        Thread.currentThread().interrupt();
      }
    }
    if (interrupted != null) {
      throw interrupted;
    }
    if (failed != null) {
      throw failed;
    }
    if (rejoined == null) {
      throw new RollrunException(
          allocation.node()
              + " did not rejoin the cluster within "
              + describe(settings.rejoinTimeout())
              + " (shard allocation put back to "
              + allocation.describe()
              + ")");
    }
  }

  /**
   * The operator's value put back at once, through any node that answers: {@code rollrun recover}
   * starts no node, so there is none to wait for; one the crashed run left stopped stays stopped
   * until {@code rollrun resume} starts it.
   */
  @Override
  public void recover(TaskContext context, TaskArgs args, String savedJson)
      throws InterruptedException {
    if (savedJson == null) {
      return;
    }
    putBack(
        new ClusterHttp(ElasticsearchSettings.of(args), context),
        context.host(),
        SavedAllocation.fromJson(savedJson));
  }

  private static void putBack(ClusterHttp http, Host host, SavedAllocation allocation)
      throws InterruptedException {
    try {
      put(http, host, allocation, allocation.value());
    } catch (RuntimeException e) {
      throw new RollrunException(
          "shard allocation is still held at primaries: putting back "
              + allocation.describe()
              + " failed: "
              + e.getMessage(),
          e);
    }
    context(http).log("shard allocation put back to " + allocation.describe());
  }

  /**
   * Waits until the node is in {@code _nodes} again; returns how it rejoined, or null when it did
   * not within the settings' {@code rejoin-timeout}.
   */
  private String awaitRejoin(
      ClusterHttp http, Host host, SavedAllocation allocation, ElasticsearchSettings settings)
      throws InterruptedException {
    Instant start = clock.instant();
    Instant deadline = start.plus(settings.rejoinTimeout());
    boolean said = false;
    while (true) {
      String problem;
      try {
        for (ClusterNode node :
            ClusterNode.parse(http.get(http.startingWith(host), ClusterNode.PATH).json())) {
          if (node.name().equals(allocation.node())) {
            Duration waited = Duration.between(start, clock.instant());
            String how =
                node.startedAt() != 0 && node.startedAt() == allocation.started()
                    ? " (it was not restarted)"
                    : "";
            context(http)
                .log(allocation.node() + " is in the cluster" + how + " after " + describe(waited));
            return allocation.node();
          }
        }
        problem = "not in the cluster yet";
      } catch (RollrunException e) {
        problem = e.getMessage();
      }
      if (!said) {
        context(http)
            .log("waiting for " + allocation.node() + " to rejoin the cluster: " + problem);
        said = true;
      }
      if (!clock.instant().isBefore(deadline)) {
        return null;
      }
      pause.sleep(settings.pollInterval());
    }
  }

  private static TaskContext context(ClusterHttp http) {
    return http.context();
  }

  private static void put(ClusterHttp http, Host host, SavedAllocation allocation, String value)
      throws InterruptedException {
    JsonNode answer =
        http.first(http.startingWith(host), "PUT", "/_cluster/settings", allocation.body(value))
            .json();
    if (!answer.path("acknowledged").asBoolean(false)) {
      throw new RollrunException(
          "the cluster did not acknowledge " + SavedAllocation.SETTING + ": " + value);
    }
  }

  private static String textOrNull(JsonNode value) {
    return value.isTextual() ? value.asText() : null;
  }

  private static String describe(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds < 120 ? seconds + "s" : duration.toMinutes() + "m" + (seconds % 60) + "s";
  }
}
