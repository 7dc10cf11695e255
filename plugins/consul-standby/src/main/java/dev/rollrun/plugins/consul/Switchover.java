package dev.rollrun.plugins.consul;

import dev.rollrun.api.NodeWrapper;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import java.time.Duration;
import java.util.List;

/**
 * PowerConsul's {@code start-primary}, wrapped around the active node: the standby becomes the
 * active and the active a standby, each node doing its part through its promote and demote flags
 * ({@link RoleFlag}), in PowerConsul's order:
 *
 * <pre>
 * Starting promotion for node node2      service/S/node2/promote NULL -> START
 * Starting demotion for node node1       service/S/node1/demote  NULL -> START
 * Demoting primary node node1            wait until node1's watcher wrote WAIT (it stopped acting as the active)
 * Promoting secondary node node2         wait until node2's watcher wrote WAIT
 * Switching cluster primary/secondary    cluster/E/S: active node2, standby node1 (check-and-set)
 * Clearing demotion trigger for node1    demote  WAIT -> NULL (node1 lifts its noop lockfile)
 * Clearing promotion trigger for node2   promote WAIT -> NULL (node2 acts as the active, lifts its lockfile)
 * </pre>
 *
 * then waits until node2 passes its Consul checks and node1's own view is a standby's. Every write
 * is a check-and-set, every wait a blocking query bounded by {@code switchover.timeout}; one
 * switchover at a time holds {@link SwitchoverLock}.
 *
 * <p>Switching the cluster key is the point of no return. Anything that goes wrong before it (a
 * node that never acknowledges, a key changed by someone else, an interruption) is undone at once:
 * the flags go back to NULL, and if the active had already stopped acting as one it is promoted
 * again, so that exactly one node is active, the one Consul lists. After it, the switchover is
 * completed instead. The after side does the same from the journaled {@link SwitchoverPlan}, also
 * when {@code rollrun recover} runs it after the runner was killed half-way. Without a recover, a
 * killed switchover is found again by {@code rollrun resume}, from the lock's value and the flags:
 * put right first (completed or undone), then, when undone, begun again.
 */
final class Switchover implements NodeWrapper {

  /** The longest single blocking query: the lock's session is renewed between them. */
  private static final Duration POLL = Duration.ofSeconds(5);

  @Override
  public String name() {
    return "switchover";
  }

  @Override
  public String save(TaskContext context, TaskArgs settings) {
    ConsulSettings s = ConsulSettings.of(settings, context.host());
    ConsulClient client = new ConsulClient(context, s);
    String node = NodeNames.of(context.host());
    SwitchoverPlan left = leftHalfWay(client, node);
    return (left != null ? left : SwitchoverPlan.of(cluster(client), node, s.switchTo())).json();
  }

  @Override
  public void before(TaskContext context, TaskArgs settings) throws InterruptedException {
    ConsulSettings s = ConsulSettings.of(settings, context.host());
    ConsulClient client = new ConsulClient(context, s);
    String node = NodeNames.of(context.host());
    SwitchoverPlan left = leftHalfWay(client, node);
    SwitchoverPlan plan =
        left != null ? left : SwitchoverPlan.of(cluster(client), node, s.switchTo());
    context.log(
        "switchover of "
            + s.service()
            + ": "
            + plan.to()
            + " becomes the active, "
            + plan.from()
            + " a standby ("
            + s.clusterKey()
            + " at index "
            + plan.index()
            + ")");
    try (SwitchoverLock lock = SwitchoverLock.take(client, plan)) {
      if (left != null) {
        // A resumed run: the switchover its first process began is put right before anything else.
        context.log(
            "this switchover was left half-way (its rollrun stopped): putting it right first");
        String outcome = reconcile(context, client, left, lock);
        context.log(outcome);
        if (outcome.startsWith("completed")) {
          verify(context, client, left, lock);
          return;
        }
        plan = SwitchoverPlan.of(cluster(client), node, s.switchTo());
        context.log("starting the switchover again");
      }
      ServiceCluster cluster = cluster(client);
      try {
        forward(context, client, cluster, plan, lock);
      } catch (RuntimeException | InterruptedException e) {
        boolean interrupted = Thread.interrupted() || e instanceof InterruptedException;
        String why = message(e);
        context.log("switchover stopped: " + why);
        String outcome;
        try {
          outcome = reconcile(context, client, plan, lock);
        } catch (RuntimeException | InterruptedException again) {
          throw new ConsulException(
              "switchover stopped: "
                  + why
                  + "; putting it right failed too: "
                  + message(again)
                  + " (rollrun resume RUN-ID tries again)");
        } finally {
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
        }
        context.fail("switchover stopped: " + why + "; " + outcome);
      }
      verify(context, client, plan, lock);
    }
  }

  @Override
  public void after(TaskContext context, TaskArgs settings, String saved)
      throws InterruptedException {
    if (saved == null) {
      context.log("no switchover was planned on this node: nothing to put right");
      return;
    }
    ConsulSettings s = ConsulSettings.of(settings, context.host());
    ConsulClient client = new ConsulClient(context, s);
    SwitchoverPlan plan = SwitchoverPlan.parse(saved);
    try (SwitchoverLock lock = SwitchoverLock.take(client, plan)) {
      String outcome = reconcile(context, client, plan, lock);
      if (outcome.startsWith("completed")) {
        verify(context, client, plan, lock);
      } else {
        context.log(outcome);
      }
    }
  }

  // --------------------------------------------------------------------------------- forward --

  private void forward(
      TaskContext context,
      ConsulClient client,
      ServiceCluster cluster,
      SwitchoverPlan plan,
      SwitchoverLock lock)
      throws InterruptedException {
    ConsulSettings s = client.settings();
    String promote = s.flagKey(plan.to(), RoleFlag.Kind.PROMOTE);
    String demote = s.flagKey(plan.from(), RoleFlag.Kind.DEMOTE);
    KvRead promoteNow = requireNull(client, promote);
    KvRead demoteNow = requireNull(client, demote);
    set(
        context,
        client,
        promote,
        RoleFlag.START,
        promoteNow,
        "Starting promotion for node " + plan.to());
    set(
        context,
        client,
        demote,
        RoleFlag.START,
        demoteNow,
        "Starting demotion for node " + plan.from());
    KvRead demoted =
        await(
            context,
            client,
            demote,
            RoleFlag.WAIT,
            lock,
            plan.from(),
            "Demoting primary node " + plan.from());
    KvRead promoted =
        await(
            context,
            client,
            promote,
            RoleFlag.WAIT,
            lock,
            plan.to(),
            "Promoting secondary node " + plan.to());
    if (!client.put(s.clusterKey(), cluster.switched(plan.from(), plan.to()), plan.index())) {
      throw new ConsulException(
          s.clusterKey()
              + " changed while the nodes answered (check-and-set at index "
              + plan.index()
              + " failed): the roles were not switched");
    }
    context.log("Switching cluster primary/secondary node roles...SUCCESS");
    set(
        context,
        client,
        demote,
        RoleFlag.NULL,
        demoted,
        "Clearing demotion trigger for node " + plan.from());
    set(
        context,
        client,
        promote,
        RoleFlag.NULL,
        promoted,
        "Clearing promotion trigger for node " + plan.to());
  }

  /** Waits until the new active passes its checks and the old one is a standby by its own view. */
  private void verify(
      TaskContext context, ConsulClient client, SwitchoverPlan plan, SwitchoverLock lock)
      throws InterruptedException {
    ConsulSettings s = client.settings();
    Deadline deadline = Deadline.in(s.waitLimit());
    String health = NodeWaits.untilPassing(client, plan.to(), deadline, lock::renew);
    if (health != null) {
      context.fail(
          plan.to()
              + " is the active in "
              + s.clusterKey()
              + " but does not pass its Consul checks"
              + " after "
              + Deadline.format(s.waitLimit())
              + ": "
              + health);
    }
    String wrong = NodeWaits.untilLocal(context, s, "standby", deadline, lock::renew);
    if (wrong != null) {
      context.fail(
          plan.from()
              + " is a standby in "
              + s.clusterKey()
              + " but after "
              + Deadline.format(s.waitLimit())
              + " "
              + wrong);
    }
    context.log("switchover complete: " + ServiceState.read(client).describe());
  }

  // ------------------------------------------------------------------------------- reconcile --

  /**
   * Makes the service consistent with what Consul's cluster key says, whatever a switchover left:
   * completed when the key was switched, undone when it was not.
   *
   * @return what was done, in words: {@code completed: ...} or {@code undone: ...}
   * @throws ConsulException when the key holds roles neither before nor after this switchover
   */
  private String reconcile(
      TaskContext context, ConsulClient client, SwitchoverPlan plan, SwitchoverLock lock)
      throws InterruptedException {
    ConsulSettings s = client.settings();
    ServiceState state = ServiceState.read(client);
    ServiceCluster cluster = state.cluster();
    String promoteTo = s.flagKey(plan.to(), RoleFlag.Kind.PROMOTE);
    String demoteFrom = s.flagKey(plan.from(), RoleFlag.Kind.DEMOTE);
    if (plan.doneIn(cluster)) {
      clear(context, client, demoteFrom, "Clearing demotion trigger for node " + plan.from());
      clear(context, client, promoteTo, "Clearing promotion trigger for node " + plan.to());
      return "completed: " + cluster.describe();
    }
    if (!plan.notStartedIn(cluster)) {
      throw new ConsulException(
          s.clusterKey()
              + " changed since the switchover began (active "
              + String.join(", ", plan.active())
              + " then; "
              + cluster.describe()
              + " now): rollrun leaves the flags as they are"
              + (state.flagsSet().isEmpty() ? "" : ": " + String.join(", ", state.flagsSet())));
    }
    // The roles were not switched: nothing may act as the active but the node Consul lists. The
    // active comes back first, while the standby still holds its noop lockfile: a standby whose
    // checks see the active down would otherwise fail over in between.
    String wrong = LocalState.read(context, s).disagreement("active", s.standbyRuns());
    if (wrong != null) {
      context.log(
          plan.from() + " stopped acting as the active (" + wrong + "): promoting it again");
      String promoteFrom = s.flagKey(plan.from(), RoleFlag.Kind.PROMOTE);
      KvRead now = requireNull(client, promoteFrom);
      set(
          context,
          client,
          promoteFrom,
          RoleFlag.START,
          now,
          "Starting promotion for node " + plan.from());
      KvRead acknowledged =
          await(
              context,
              client,
              promoteFrom,
              RoleFlag.WAIT,
              lock,
              plan.from(),
              "Promoting primary node " + plan.from());
      set(
          context,
          client,
          promoteFrom,
          RoleFlag.NULL,
          acknowledged,
          "Clearing promotion trigger for node " + plan.from());
      String still =
          NodeWaits.untilLocal(context, s, "active", Deadline.in(s.waitLimit()), lock::renew);
      if (still != null) {
        throw new ConsulException(
            plan.from()
                + " is the active in "
                + s.clusterKey()
                + " but not back as one after "
                + Deadline.format(s.waitLimit())
                + ": "
                + still);
      }
    }
    clear(context, client, demoteFrom, "Clearing demotion trigger for node " + plan.from());
    clear(context, client, promoteTo, "Clearing promotion trigger for node " + plan.to());
    List<String> left = ServiceState.read(client).flagsSet();
    if (!left.isEmpty()) {
      throw new ConsulException(
          "a flag changed again after rollrun cleared it (a watcher answered late): "
              + String.join(", ", left));
    }
    return "undone: " + cluster.describe() + "; " + plan.from() + " stays the active";
  }

  // ------------------------------------------------------------------------------- the flags --

  private static KvRead requireNull(ConsulClient client, String key) {
    KvRead read = client.read(key);
    RoleFlag flag = RoleFlag.parse(read.value());
    if (flag != RoleFlag.NULL) {
      throw new ConsulException(
          key
              + " is "
              + read.value()
              + ", not NULL: a switchover is under way or was left"
              + " half-way (rollrun resume RUN-ID of the run that began it puts it right)");
    }
    return read;
  }

  /** Sets a flag if it is still as {@code read} saw it; PowerConsul's line once done. */
  private static void set(
      TaskContext context,
      ConsulClient client,
      String key,
      RoleFlag value,
      KvRead read,
      String line) {
    long cas = read.entry() == null ? 0 : read.entry().modifyIndex();
    if (!client.put(key, value.name(), cas)) {
      context.log(line + "...FAILED");
      throw new ConsulException(
          key + " changed under rollrun (check-and-set at index " + cas + " failed)");
    }
    context.log(line + "...SUCCESS");
  }

  /** Sets a flag back to NULL unless it is NULL already. */
  private static void clear(TaskContext context, ConsulClient client, String key, String line) {
    KvRead read = client.read(key);
    if (RoleFlag.parse(read.value()) != RoleFlag.NULL) {
      set(context, client, key, RoleFlag.NULL, read, line);
    }
  }

  /**
   * Waits, by blocking queries, until a node's watcher wrote {@code wanted} into its flag.
   *
   * @throws ConsulException when it did not within {@code switchover.timeout}
   */
  private static KvRead await(
      TaskContext context,
      ConsulClient client,
      String key,
      RoleFlag wanted,
      SwitchoverLock lock,
      String node,
      String line) {
    Duration limit = client.settings().ackTimeout();
    Deadline deadline = Deadline.in(limit);
    KvRead read = client.read(key);
    if (RoleFlag.parse(read.value()) != wanted) {
      context.log(
          line
              + ": waiting for its watcher to write "
              + wanted
              + " into "
              + key
              + " (up to "
              + Deadline.format(limit)
              + ")");
    }
    while (RoleFlag.parse(read.value()) != wanted) {
      if (deadline.passed()) {
        context.log(line + "...FAILED");
        throw new ConsulException(
            node
                + " did not acknowledge within "
                + Deadline.format(limit)
                + ": "
                + key
                + " is still "
                + (read.value() == null ? "missing" : read.value()));
      }
      lock.renew();
      Duration left = deadline.remaining();
      read = client.await(key, read.index(), left.compareTo(POLL) < 0 ? left : POLL);
    }
    context.log(line + "...SUCCESS");
    return read;
  }

  /**
   * The switchover away from {@code node} that a rollrun began and did not finish: the lock's last
   * holder was a switchover from this node, and the lock is still held or one of its flags is set.
   * What {@code rollrun resume} finds when the process that began it was killed.
   */
  private static SwitchoverPlan leftHalfWay(ConsulClient client, String node) {
    boolean[] held = new boolean[1];
    SwitchoverPlan plan = SwitchoverLock.lastPlan(client, held);
    if (plan == null || !plan.from().equals(node)) {
      return null;
    }
    ConsulSettings s = client.settings();
    for (String key :
        List.of(
            s.flagKey(plan.to(), RoleFlag.Kind.PROMOTE),
            s.flagKey(plan.from(), RoleFlag.Kind.DEMOTE),
            s.flagKey(plan.from(), RoleFlag.Kind.PROMOTE))) {
      if (RoleFlag.parse(client.read(key).value()) != RoleFlag.NULL) {
        return plan;
      }
    }
    return held[0] ? plan : null;
  }

  private static ServiceCluster cluster(ConsulClient client) {
    String key = client.settings().clusterKey();
    return ServiceCluster.of(key, client.read(key));
  }

  private static String message(Exception e) {
    if (e instanceof InterruptedException) {
      return "interrupted";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
