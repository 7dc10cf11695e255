package dev.rollrun.plugins.elasticsearch;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.api.ClusterView;
import dev.rollrun.api.Host;
import dev.rollrun.api.NodeWrapper;
import dev.rollrun.api.StopCheck;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pf4j.Extension;

/**
 * Elasticsearch 7/8 and OpenSearch 1/2 ({@code cluster: elasticsearch}), rolled as Elastic's
 * rolling-restart guide and turtletoss do it:
 *
 * <ul>
 *   <li>{@link Discovery discover} the nodes from the cluster ({@code _nodes}, the elected master)
 *       and give them the {@link RollRoles} {@code clients}, {@code masters}, {@code data}, {@code
 *       active}, {@code almost}, {@code all};
 *   <li>{@link #order} them: clients, standby masters, data nodes (frozen, cold, warm, hot), the
 *       elected master last;
 *   <li>before each stop: the cluster {@link ClusterGreen green}, and no shard whose only {@link
 *       StartedCopies started copy} is on the node;
 *   <li>around each data node: shard allocation {@link AllocationHold held at primaries} and a
 *       flush, then, once it rejoined, the operator's own setting back;
 *   <li>between nodes, the {@link DefaultGate default gate}: green, nothing moving, every node
 *       back.
 * </ul>
 */
@Extension
public final class ElasticsearchBehaviour implements ClusterBehaviour {

  public static final String ID = "elasticsearch";

  private final AllocationHold hold = new AllocationHold(Clock.systemUTC(), Pause.SLEEP);

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String defaultStopCommand() {
    return "systemctl stop {{ service.name | default('elasticsearch') }}";
  }

  @Override
  public String defaultStartCommand() {
    return "systemctl start {{ service.name | default('elasticsearch') }}";
  }

  @Override
  public String defaultHealth() {
    return DefaultGate.yaml(TaskArgs.none(), 0);
  }

  @Override
  public String defaultHealth(TaskArgs settings) {
    return DefaultGate.yaml(settings, 0);
  }

  @Override
  public String defaultHealth(TaskArgs settings, List<Host> hosts) {
    return DefaultGate.yaml(settings, hosts.size());
  }

  @Override
  public List<Host> order(List<Host> hosts) {
    List<Host> ordered = new ArrayList<>(hosts);
    ordered.sort(
        Comparator.comparingInt(RollRoles::rank)
            .thenComparingInt(h -> RollRoles.rank(h) == 2 ? RollRoles.tierRank(h) : 0));
    return List.copyOf(ordered);
  }

  @Override
  public ClusterView discover(TaskContext context, TaskArgs settings, List<Host> hosts)
      throws InterruptedException {
    return new Discovery(new ClusterHttp(ElasticsearchSettings.of(settings), context))
        .discover(hosts);
  }

  @Override
  public List<StopCheck> stopChecks() {
    return List.of(new ClusterGreen(), new StartedCopies());
  }

  @Override
  public List<NodeWrapper> wrappers() {
    return List.of(hold);
  }

  @Override
  public String settingsSchema() {
    return ElasticsearchSettings.SCHEMA;
  }
}
