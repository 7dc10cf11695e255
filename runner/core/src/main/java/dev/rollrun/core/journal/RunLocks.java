package dev.rollrun.core.journal;

import dev.rollrun.core.config.LockSpec;
import dev.rollrun.core.plan.RolloutPlan;

/**
 * Which lock a run takes, and the lock a journal names: the playbook's {@code lock:} in ZooKeeper,
 * else a lock file in the state directory. A journal records the lock by name ({@code
 * zookeeper://zk1:2181/rollrun/locks/x}, or a lock file's name) so that {@code rollrun runs} can
 * ask whether its run still holds it.
 */
public final class RunLocks {

  private static final String ZOOKEEPER = "zookeeper://";

  private RunLocks() {}

  /** The lock a run of {@code plan} takes. */
  public static RunLock of(LockSpec spec, RolloutPlan plan, RunStore store) {
    String name = ClusterLockName.of(plan);
    if (spec == null) {
      return new LockFile(store.locks(), name);
    }
    String path = spec.path() != null ? spec.path() : "/rollrun/locks/" + name;
    return new ZooKeeperLock(spec.zookeeper(), path, spec.sessionTimeout());
  }

  /** The lock a journal names, to ask who holds it now. */
  public static RunLock named(String name, RunStore store) {
    if (name.startsWith(ZOOKEEPER)) {
      String rest = name.substring(ZOOKEEPER.length());
      int slash = rest.indexOf('/');
      return new ZooKeeperLock(
          rest.substring(0, slash), rest.substring(slash), LockSpec.DEFAULT_SESSION_TIMEOUT);
    }
    return new LockFile(store.locks(), name);
  }

  /** The name a journal records for {@code lock}. */
  public static String nameOf(RunLock lock) {
    return lock instanceof ZooKeeperLock ? ZOOKEEPER + lock.name() : lock.name();
  }
}
