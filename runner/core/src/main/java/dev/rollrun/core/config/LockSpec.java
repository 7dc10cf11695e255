package dev.rollrun.core.config;

import dev.rollrun.core.problem.SourcePosition;
import java.time.Duration;

/**
 * A playbook's {@code lock:}: where the one-roll-per-cluster lock lives when it must hold across
 * machines and operators.
 *
 * <pre>
 * lock:
 *   zookeeper: "zk1:2181,zk2:2181,zk3:2181"   # the ensemble
 *   path: /rollrun/locks/kafka-prod            # default: /rollrun/locks/ and the cluster's lock name
 *   session-timeout: 15s                       # how soon a dead runner's lock goes away
 * </pre>
 *
 * Without {@code lock:}, the lock is a file in the state directory, which serves one machine.
 *
 * @param zookeeper the ZooKeeper connect string
 * @param path the lock node, or null for the default
 * @param sessionTimeout the ZooKeeper session timeout
 */
public record LockSpec(
    String zookeeper, String path, Duration sessionTimeout, SourcePosition position) {

  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(15);
}
