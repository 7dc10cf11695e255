package dev.rollrun.plugins.zookeeper;

import dev.rollrun.api.Host;
import java.util.Map;

/**
 * What one inventory host's ZooKeeper said about itself through its AdminServer, or why it did not
 * answer.
 *
 * @param host the inventory host asked
 * @param endpoint where it was asked, as shown to the operator ({@code 10.0.0.11:8080}, {@code
 *     localhost:8080 on zk-1 through SSH})
 * @param problem why it did not answer, or null when it did
 * @param serverId its {@code myid}, or -1
 * @param serverState {@code leader}, {@code follower}, {@code observer}, {@code looking}, ...
 * @param peerState e.g. {@code following - broadcast}: {@code broadcast} once it is in sync
 * @param quorumSize how many voting members its configuration has
 * @param syncedFollowers on the leader, how many voting followers are in sync; else -1
 * @param syncedObservers on the leader, how many observers are in sync; else -1
 * @param ensemble the voting members it knows, by id (empty when not asked)
 */
record MemberStatus(
    Host host,
    String endpoint,
    String problem,
    long serverId,
    String serverState,
    String peerState,
    int quorumSize,
    int syncedFollowers,
    int syncedObservers,
    Map<Long, EnsembleSeat> ensemble) {

  static final String LEADER = "leader";
  static final String FOLLOWER = "follower";
  static final String OBSERVER = "observer";

  MemberStatus {
    ensemble = Map.copyOf(ensemble);
  }

  static MemberStatus silent(Host host, String endpoint, String problem) {
    return new MemberStatus(host, endpoint, problem, -1, "", "", 0, -1, -1, Map.of());
  }

  boolean answered() {
    return problem == null;
  }

  boolean isLeader() {
    return answered() && LEADER.equals(serverState);
  }

  boolean isFollower() {
    return answered() && FOLLOWER.equals(serverState);
  }

  boolean isObserver() {
    return answered() && OBSERVER.equals(serverState);
  }

  /** In the broadcast phase: in sync with its leader (or leading). */
  boolean inSync() {
    return answered() && peerState.endsWith(" - broadcast");
  }

  String name() {
    return host.name();
  }

  /** e.g. {@code zk-2 (server 2)} or {@code zk-2}. */
  String describe() {
    if (!answered()) {
      return host.name();
    }
    return host.name() + " (server " + serverId + ")";
  }

  /** Why this member is not in sync, for messages: {@code zk-2 does not answer at ...: ...}. */
  String whyNotInSync() {
    if (!answered()) {
      return host.name() + " does not answer at " + endpoint + ": " + problem;
    }
    return host.name() + " is " + (peerState.isEmpty() ? serverState : peerState) + ", not in sync";
  }
}
