package dev.rollrun.plugins.consul;

import dev.rollrun.api.NodeWrapper;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import java.time.Duration;

/**
 * The maintenance flag around the active node's restart: PowerConsul's noop lockfile, which makes
 * every Consul check of the node pass while it exists, so that the standbys' watchers do not fail
 * over while the active is down on purpose. An owned setting: {@link #save} reads whether the file
 * was already there (then it is left there afterwards), and the after side runs also when the roll
 * fails and from {@code rollrun recover}.
 *
 * <p>Saved values: {@code active absent}, {@code active present} (the lockfile before this run) or
 * {@code standby} (a standby restarts without the flag: nothing watches it).
 *
 * <p>After the start: wait (up to {@code wait}) until the node's local services run again as the
 * active's do, then remove the lockfile, then wait until Consul says the node passes its checks.
 * The lockfile is removed even when the node did not come back, so that the watchers can do their
 * job; the step then fails and the roll stops.
 */
final class MaintenanceFlag implements NodeWrapper {

  static final String ABSENT = "active absent";
  static final String PRESENT = "active present";
  static final String STANDBY = "standby";

  @Override
  public String name() {
    return "maintenance flag";
  }

  @Override
  public String save(TaskContext context, TaskArgs settings) {
    ConsulSettings s = ConsulSettings.of(settings, context.host());
    if (!"active".equals(roleNow(context, s))) {
      return STANDBY;
    }
    return NodeCommands.run(context, s, "test -e " + NodeCommands.path(lockfile(s))).ok()
        ? PRESENT
        : ABSENT;
  }

  @Override
  public void before(TaskContext context, TaskArgs settings) throws InterruptedException {
    ConsulSettings s = ConsulSettings.of(settings, context.host());
    String node = NodeNames.of(context.host());
    if (!"active".equals(roleNow(context, s))) {
      context.log(node + " is a standby: it restarts without the maintenance flag");
      return;
    }
    var touched = NodeCommands.run(context, s, "touch " + NodeCommands.path(lockfile(s)));
    if (!touched.ok()) {
      context.fail(
          "cannot set the maintenance flag "
              + lockfile(s)
              + " on "
              + node
              + ": "
              + touched.stderr().strip());
    }
    context.log(
        "maintenance flag set on "
            + node
            + " ("
            + lockfile(s)
            + "): its Consul checks pass while it restarts, no watcher fails over");
    if (!s.grace().isZero()) {
      // Checks that started before the lockfile existed finish first (PowerConsul waits 2s).
      Thread.sleep(s.grace().toMillis());
    }
  }

  @Override
  public void after(TaskContext context, TaskArgs settings, String saved)
      throws InterruptedException {
    ConsulSettings s = ConsulSettings.of(settings, context.host());
    ConsulClient client = new ConsulClient(context, s);
    String node = NodeNames.of(context.host());
    boolean active =
        saved == null ? "active".equals(roleNow(context, s)) : saved.startsWith("active");
    String role = active ? "active" : "standby";
    Deadline deadline = Deadline.in(s.waitLimit());
    String notBack = NodeWaits.untilLocal(context, s, role, deadline, () -> {});
    if (active) {
      if (PRESENT.equals(saved)) {
        context.log(
            "the maintenance flag "
                + lockfile(s)
                + " was set on "
                + node
                + " before this run: left in place");
      } else {
        var removed = NodeCommands.run(context, s, "rm -f " + NodeCommands.path(lockfile(s)));
        if (!removed.ok()) {
          context.fail(
              "cannot clear the maintenance flag "
                  + lockfile(s)
                  + " on "
                  + node
                  + ": "
                  + removed.stderr().strip());
        }
        context.log("maintenance flag cleared on " + node);
      }
    }
    if (notBack != null) {
      context.fail(
          node
              + " is not back as "
              + role
              + " after "
              + Deadline.format(s.waitLimit())
              + ": "
              + notBack
              + (active
                  ? "; its maintenance flag is cleared, so Consul's watchers see it as it is"
                  : ""));
    }
    String health =
        NodeWaits.untilPassing(client, node, Deadline.in(remainingOr(deadline)), () -> {});
    if (health != null) {
      context.fail(
          node
              + " does not pass its Consul checks "
              + Deadline.format(s.waitLimit())
              + " after its start: "
              + health);
    }
    context.log(node + " is back as " + role + " and passes its Consul checks");
  }

  private static Duration remainingOr(Deadline deadline) {
    Duration left = deadline.remaining();
    return left.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : left;
  }

  private static String roleNow(TaskContext context, ConsulSettings s) {
    ConsulClient client = new ConsulClient(context, s);
    return ServiceCluster.of(s.clusterKey(), client.read(s.clusterKey()))
        .roleOf(NodeNames.of(context.host()));
  }

  private static String lockfile(ConsulSettings s) {
    if (s.lockfile() == null) {
      throw new ConsulException("settings.noop-lockfile is missing: the active cannot be flagged");
    }
    return s.lockfile();
  }
}
