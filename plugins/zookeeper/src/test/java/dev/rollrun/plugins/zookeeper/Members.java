package dev.rollrun.plugins.zookeeper;

import dev.rollrun.api.Host;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Members as their AdminServer would describe them, for tests. */
final class Members {

  private Members() {}

  static Host host(String name, String address, Map<String, Object> vars) {
    return new Host(name, address, 22, "deploy", null, List.of("zookeeper"), null, null, vars);
  }

  static Host host(String name, String address) {
    return host(name, address, Map.of());
  }

  /** The voting members 1..n at 10.0.0.1..n. */
  static Map<Long, EnsembleSeat> ensemble(int n) {
    Map<Long, EnsembleSeat> seats = new LinkedHashMap<>();
    for (long id = 1; id <= n; id++) {
      seats.put(id, new EnsembleSeat(id, "10.0.0." + id, "10.0.0." + id + ":2181"));
    }
    return seats;
  }

  static MemberStatus follower(long id, int voters) {
    return new MemberStatus(
        host("zk-" + id, "10.0.0." + id),
        "10.0.0." + id + ":8080",
        null,
        id,
        "follower",
        "following - broadcast",
        voters,
        -1,
        -1,
        ensemble(voters));
  }

  static MemberStatus leader(long id, int voters, int syncedFollowers) {
    return new MemberStatus(
        host("zk-" + id, "10.0.0." + id),
        "10.0.0." + id + ":8080",
        null,
        id,
        "leader",
        "leading - broadcast",
        voters,
        syncedFollowers,
        0,
        ensemble(voters));
  }

  static MemberStatus observer(long id, int voters) {
    return new MemberStatus(
        host("zk-" + id, "10.0.0." + id),
        "10.0.0." + id + ":8080",
        null,
        id,
        "observer",
        "observing - broadcast",
        voters,
        -1,
        -1,
        ensemble(voters));
  }

  static MemberStatus looking(long id, int voters) {
    return new MemberStatus(
        host("zk-" + id, "10.0.0." + id),
        "10.0.0." + id + ":8080",
        null,
        id,
        "looking",
        "looking - election",
        voters,
        -1,
        -1,
        ensemble(voters));
  }

  static MemberStatus down(long id) {
    return MemberStatus.silent(
        host("zk-" + id, "10.0.0." + id), "10.0.0." + id + ":8080", "connection refused");
  }
}
