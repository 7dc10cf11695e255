package dev.rollrun.plugins.zookeeper;

import dev.rollrun.api.ClusterMember;
import dev.rollrun.api.ClusterView;
import dev.rollrun.api.Host;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ensemble as its members describe it, matched to the inventory: each inventory host whose
 * member answered is that member (its id and role from the member itself); each voting member the
 * ensemble lists but no host answered as is matched by its {@code zookeeper_id} variable or its
 * address, else left without a host (rollrun then refuses the roll, naming it); connected observers
 * the leader knows of are members too. What does not fit (a member that does not answer, an
 * ensemble other than the inventory's, two hosts claiming one id) is said in the view's notes.
 */
final class EnsembleDiscovery {

  private EnsembleDiscovery() {}

  /**
   * @param statuses what each inventory host's member said, in inventory order
   * @param observers the ids of the observers connected to the leader
   * @param via how the members were asked, for the notes ({@code directly}, {@code through SSH})
   * @return the members by id, and notes: a summary first, then whatever does not fit
   */
  static ClusterView of(List<MemberStatus> statuses, List<Long> observers, String via) {
    List<String> notes = new ArrayList<>();
    List<ClusterMember> members = new ArrayList<>();
    Map<Long, MemberStatus> byId = new TreeMap<>();
    Set<String> matched = new LinkedHashSet<>();

    // The voting members, as every answering member sees them.
    Map<Long, EnsembleSeat> ensemble = new TreeMap<>();
    Map<Set<Long>, List<String>> views = new LinkedHashMap<>();
    for (MemberStatus s : statuses) {
      if (s.answered() && !s.ensemble().isEmpty()) {
        ensemble.putAll(s.ensemble());
        views
            .computeIfAbsent(Set.copyOf(s.ensemble().keySet()), k -> new ArrayList<>())
            .add(s.name());
      }
    }
    if (views.size() > 1) {
      List<String> each = new ArrayList<>();
      views.forEach((ids, hosts) -> each.add(String.join(", ", hosts) + ": " + sorted(ids)));
      notes.add(
          "the members disagree on the voting members ("
              + String.join("; ", each)
              + "): a reconfiguration in progress, or hosts of another ensemble");
    }

    for (MemberStatus s : statuses) {
      if (!s.answered()) {
        continue;
      }
      MemberStatus first = byId.putIfAbsent(s.serverId(), s);
      if (first != null) {
        notes.add(
            s.name()
                + " and "
                + first.name()
                + " both answer as member "
                + s.serverId()
                + ": two inventory hosts reach one member, or two members share a myid");
        continue;
      }
      if (!ensemble.isEmpty() && !s.isObserver() && !ensemble.containsKey(s.serverId())) {
        notes.add(
            s.name()
                + " answers as member "
                + s.serverId()
                + " ("
                + s.serverState()
                + "), which is not a voting member of the ensemble "
                + sorted(ensemble.keySet())
                + ": a host of another ensemble?");
        continue;
      }
      members.add(member(s));
      matched.add(s.name());
    }

    List<MemberStatus> silent = statuses.stream().filter(s -> !s.answered()).toList();
    Set<Long> missing = new LinkedHashSet<>(ensemble.keySet());
    missing.addAll(observers);
    missing.removeAll(byId.keySet());
    for (long id : missing) {
      EnsembleSeat seat = ensemble.get(id);
      MemberStatus host =
          silent.stream()
              .filter(s -> !matched.contains(s.name()) && claims(s.host(), id, seat))
              .findFirst()
              .orElse(null);
      String what =
          seat == null ? "observer " + id : "voting member " + id + " (" + where(seat) + ")";
      if (host == null) {
        notes.add(what + " is in no inventory host of this roll");
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("id", id);
        if (seat != null) {
          facts.put("quorum_host", seat.quorumHost());
        }
        members.add(new ClusterMember(null, memberId(id, seat), List.of(), facts));
        continue;
      }
      matched.add(host.name());
      notes.add(host.whyNotInSync() + " (" + what + ")");
      Map<String, Object> facts = new LinkedHashMap<>();
      facts.put("id", id);
      facts.put("answers", false);
      members.add(new ClusterMember(host.name(), memberId(id, null), List.of(), facts));
    }
    for (MemberStatus s : silent) {
      if (!matched.contains(s.name())) {
        notes.add(
            s.whyNotInSync()
                + "; no member of the ensemble "
                + (ensemble.isEmpty() ? "could be asked" : sorted(ensemble.keySet()))
                + " has its address (set "
                + ZooKeeperSettings.ID_VAR
                + " to name its member)");
      }
    }
    members.sort(
        java.util.Comparator.comparingLong(m -> ((Number) m.facts().get("id")).longValue()));
    notes.add(0, summary(statuses, ensemble, via));
    return new ClusterView(members, notes);
  }

  private static ClusterMember member(MemberStatus s) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("id", s.serverId());
    facts.put("server_state", s.serverState());
    facts.put("peer_state", s.peerState());
    facts.put("quorum_size", s.quorumSize());
    if (s.isLeader()) {
      facts.put("synced_followers", s.syncedFollowers());
      facts.put("synced_observers", s.syncedObservers());
    }
    List<String> roles =
        s.isLeader() || s.isFollower() || s.isObserver() ? List.of(s.serverState()) : List.of();
    return new ClusterMember(s.name(), memberId(s.serverId(), null), roles, facts);
  }

  /** {@code server 2}, as ZooKeeper's configuration names it ({@code server.2=...}). */
  private static String memberId(long id, EnsembleSeat seat) {
    return "server " + id + (seat == null ? "" : " at " + where(seat));
  }

  /** Whether a host that did not answer is member {@code id}: by its variable, else its address. */
  private static boolean claims(Host host, long id, EnsembleSeat seat) {
    Object pinned = host.vars().get(ZooKeeperSettings.ID_VAR);
    if (pinned != null) {
      return pinned.toString().strip().equals(Long.toString(id));
    }
    if (seat == null) {
      return false;
    }
    String clientHost = EnsembleSeat.hostOf(seat.clientAddress());
    return host.address().equalsIgnoreCase(seat.quorumHost())
        || host.address().equalsIgnoreCase(clientHost);
  }

  private static String where(EnsembleSeat seat) {
    return seat.clientAddress().isEmpty() ? seat.quorumHost() : seat.clientAddress();
  }

  private static String summary(
      List<MemberStatus> statuses, Map<Long, EnsembleSeat> ensemble, String via) {
    MemberStatus leader = statuses.stream().filter(MemberStatus::isLeader).findFirst().orElse(null);
    StringBuilder text = new StringBuilder("ensemble: ");
    text.append(
        ensemble.isEmpty()
            ? "unknown"
            : ensemble.size() + " voting members " + sorted(ensemble.keySet()));
    if (leader != null) {
      text.append(", leader ")
          .append(leader.describe())
          .append(" with ")
          .append(leader.syncedFollowers())
          .append(" of ")
          .append(Math.max(0, leader.quorumSize() - 1))
          .append(" followers in sync");
      if (leader.syncedObservers() > 0) {
        text.append(" and ").append(leader.syncedObservers()).append(" observer(s)");
      }
    } else {
      text.append(", no leader answered");
    }
    long answered = statuses.stream().filter(MemberStatus::answered).count();
    return text.append("; asked the AdminServer of ")
        .append(answered)
        .append(" of ")
        .append(statuses.size())
        .append(" host(s) ")
        .append(via)
        .toString();
  }

  private static String sorted(Set<Long> ids) {
    return new java.util.TreeSet<>(ids).toString();
  }
}
