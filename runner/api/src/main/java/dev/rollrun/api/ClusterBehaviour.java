package dev.rollrun.api;

import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * What rollrun knows about one kind of cluster: how to stop and start a node, in which order to
 * roll the nodes, what "healthy" means when the playbook does not say, whether a node is safe to
 * stop right now, and what to do around each node. A playbook names its behaviour with {@code
 * cluster:}; each behaviour ships as a plugin (a jar in {@code plugins/}).
 *
 * <p>Commands are templates, rendered per node with the playbook's variables ({@code {{
 * service.name }}}, {@code {{ host.address }}}, ...). A node's lifecycle with a behaviour:
 *
 * <pre>
 * discover ({@link #discover}, once) -> order ({@link #order})
 * pre-stop steps -> safe to stop? ({@link #stopChecks()}) -> wrappers' before ({@link #wrappers()})
 *   -> stop -> post-stop, script, pre-start steps -> start -> post-start steps
 *   -> wrappers' after (in reverse order) -> health gate ({@link #defaultHealth()} or the playbook's)
 * </pre>
 *
 * <p>A complete behaviour, as a plugin provides it (compiled against {@code rollrun-api} alone,
 * with PF4J's annotation processor writing the extension index):
 *
 * <pre>{@code
 * @Extension
 * public final class SearchBehaviour implements ClusterBehaviour {
 *   public String id() { return "search"; }
 *   public String defaultStopCommand() { return "systemctl stop search"; }
 *   public String defaultStartCommand() { return "systemctl start search"; }
 *
 *   // The playbook's own health model, as YAML: rollrun checks it against the playbook schema.
 *   public String defaultHealth() {
 *     return """
 *         interval: 5s
 *         consecutive: 3
 *         timeout: 10m
 *         all:
 *           - command: { run: "curl -fsS localhost:9200/_cluster/health?wait_for_status=green" }
 *         """;
 *   }
 *
 *   // The elected master last.
 *   public List<Host> order(List<Host> hosts) {
 *     List<Host> ordered = new ArrayList<>(hosts);
 *     ordered.sort(Comparator.comparing(h -> h.hasRole("master")));
 *     return ordered;
 *   }
 *
 *   public List<StopCheck> stopChecks() {
 *     return List.of(StopCheck.of("cluster green", (ctx, settings) -> {
 *       HttpReply health = ctx.httpGet("http://" + ctx.host().address() + ":9200/_cluster/health");
 *       return health.body().contains("\"green\"")
 *           ? Verdict.safe("cluster is green")
 *           : Verdict.unsafe("cluster is not green: " + health.body());
 *     }));
 *   }
 *
 *   public List<NodeWrapper> wrappers() {
 *     return List.of(NodeWrapper.of("allocation primaries",
 *         (ctx, settings) -> ctx.run("curl -fsS -XPUT localhost:9200/_cluster/settings -d @primaries.json"),
 *         (ctx, settings) -> ctx.run("curl -fsS -XPUT localhost:9200/_cluster/settings -d @all.json")));
 *     // NodeWrapper.owned(...) also saves the value before the change and restores exactly that.
 *   }
 *
 *   // The playbook's settings: mapping when cluster: search, checked by validate.
 *   public String settingsSchema() {
 *     return """
 *         {"type": "object", "additionalProperties": false,
 *          "properties": {"port": {"type": "integer", "minimum": 1, "maximum": 65535}}}
 *         """;
 *   }
 * }
 * }</pre>
 */
public interface ClusterBehaviour extends ExtensionPoint {

  /** The id a playbook's {@code cluster:} key names, e.g. {@code service}. */
  String id();

  /** The stop command used when the playbook does not override it. */
  String defaultStopCommand();

  /** The start command used when the playbook does not override it. */
  String defaultStartCommand();

  /**
   * A command that prints what identifies the running instance of the service on a node (systemd's
   * {@code InvocationID}, a process id and start time), empty or failing when it is not running; or
   * null. rollrun reads it right before a node's stop: when a run ended while the stop command was
   * under way, {@code rollrun resume} reads it again to tell whether the stop reached the service.
   * Used only with the behaviour's own stop and start commands; a playbook that sets its own names
   * its own with {@code service.instance}.
   */
  default String defaultInstanceCommand() {
    return null;
  }

  /** Whether the default stop and start commands run through {@code sudo -n}. */
  default boolean defaultCommandsNeedSudo() {
    return true;
  }

  /**
   * The health gate used when the playbook declares no {@code health:}, written exactly as a
   * playbook's {@code health:} mapping is (YAML: {@code interval}, {@code consecutive}, {@code
   * timeout}, {@code all:} conditions); {@code null} when the behaviour has no default. rollrun
   * checks it against the playbook schema when the plugin loads and reads it with the playbook's
   * own reader, so every condition kind a playbook may use is available here too.
   */
  default String defaultHealth() {
    return null;
  }

  /**
   * The default health gate for a playbook's {@code settings:}, for behaviours whose gate depends
   * on them (a port, {@code via: ssh}); by default {@link #defaultHealth()}. rollrun checks it like
   * {@link #defaultHealth()} when it plans a playbook; {@link #defaultHealth()} itself should be
   * the gate for no settings.
   */
  default String defaultHealth(TaskArgs settings) {
    return defaultHealth();
  }

  /** The template variables the default commands need, e.g. {@code service.name}. */
  default List<String> requiredSettings() {
    return List.of();
  }

  /**
   * The order in which to roll the given hosts. The default keeps inventory order; behaviours
   * override it to roll, say, the active master last. At run time the hosts carry the roles and
   * {@code discovered.*} variables {@link #discover} found; offline they carry the inventory's.
   */
  default List<Host> order(List<Host> hosts) {
    return hosts;
  }

  /**
   * Asks the cluster itself which members it has and what each one is right now (the controller,
   * the quorum leader, the elected master, the active node). rollrun calls it before a dry run and
   * before a roll, and again when a run resumes; never in {@code validate} or {@code plan}, which
   * work offline and show "order decided by the cluster at run time".
   *
   * <p>Every inventory host in the roll must be matched by a member ({@link ClusterMember#host})
   * and every member by a host: a mismatch on either side stops the run before anything is stopped,
   * naming what is missing where. Each member's roles are added to its host's roles, so {@link
   * #order} and {@code --limit} (at run time) can use them, and its facts become the host's {@code
   * discovered.*} variables.
   *
   * @param context a cluster-wide context: {@link TaskContext#host()} is {@code null} and {@link
   *     TaskContext#run} is not available; {@link TaskContext#tunnel} reaches a port on any host
   * @param settings the playbook's {@code settings:}
   * @param hosts the inventory hosts in the roll, with their variables
   * @return what the cluster says, or {@code null} when this behaviour does not discover
   */
  default ClusterView discover(TaskContext context, TaskArgs settings, List<Host> hosts)
      throws Exception {
    return null;
  }

  /**
   * "Safe to stop?" predicates, asked in order for each node right before it is stopped (after its
   * pre-stop steps). The first that says no fails the node, and so the roll, before anything is
   * stopped; a dry run asks each for every node and shows each verdict with its reason.
   */
  default List<StopCheck> stopChecks() {
    return List.of();
  }

  /**
   * Steps around each node: each wrapper's {@code before} runs after the safe-to-stop checks, right
   * before the stop; its {@code after} runs once the node is started again (after its post-start
   * steps), in reverse order, before the health gate. A node whose {@code before} ran always runs
   * its {@code after}, even when a later step of that node failed.
   */
  default List<NodeWrapper> wrappers() {
    return List.of();
  }

  /**
   * A JSON Schema (draft 2020-12, as text) of the playbook's {@code settings:} mapping when {@code
   * cluster:} names this behaviour, or {@code null} when the behaviour takes no settings. rollrun
   * merges it into the playbook schema: {@code validate} reports a wrong setting with its
   * file:line:column, and {@code rollrun schema} writes it for editors. Checks and wrappers receive
   * the settings as {@link TaskArgs}.
   */
  default String settingsSchema() {
    return null;
  }
}
