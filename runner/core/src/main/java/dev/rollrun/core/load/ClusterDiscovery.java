package dev.rollrun.core.load;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.api.ClusterMember;
import dev.rollrun.api.ClusterView;
import dev.rollrun.api.Host;
import dev.rollrun.api.RollrunException;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlanRequest;
import dev.rollrun.core.plan.Planner;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.task.NodeTaskContext;
import dev.rollrun.core.task.TaskCall;
import dev.rollrun.core.text.Redactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Asks the cluster, through its behaviour's {@link ClusterBehaviour#discover}, which members it has
 * and what each one is now, checks that they are exactly the inventory's hosts, and plans again
 * with what it said: each member's roles added to its host's, its facts as the host's {@code
 * discovered.*} variables, the order the behaviour gives them. The plan keeps the digest of the
 * plan made offline, the one a reviewer saw: what the cluster decides at run time is the order, not
 * what is done to each node.
 */
public final class ClusterDiscovery {

  /** How long a behaviour may take to answer. */
  public static final Duration TIMEOUT = Duration.ofMinutes(2);

  /** The host variable holding a member's facts. */
  public static final String FACTS = "discovered";

  /**
   * What the cluster said.
   *
   * @param plan the plan to run, in the cluster's order
   * @param notes the behaviour's notes, then one line per member: {@code kafka-2: broker 2 (broker,
   *     controller, quorum-leader)}
   */
  public record Discovered(RolloutPlan plan, List<String> notes) {}

  private final Planner planner = new Planner();

  /**
   * @param lines where what the behaviour logs while it asks goes
   * @return empty when the behaviour does not discover
   * @throws DiscoveryException when the cluster cannot be asked or does not match the inventory
   */
  public Optional<Discovered> discover(
      LoadedPlan loaded, Shell shell, Shell.LineListener lines, Redactor redactor)
      throws InterruptedException {
    return discover(loaded, shell, lines, redactor, Set.of());
  }

  /**
   * As {@link #discover(LoadedPlan, Shell, Shell.LineListener, Redactor)}, for a run that is
   * continued ({@code resume}) or whose settings are put back ({@code recover}): the hosts in
   * {@code leftPartWay} are the ones that run left part way, stopped perhaps, so their absence from
   * the cluster is expected and no mismatch; they keep no discovered role.
   */
  public Optional<Discovered> discover(
      LoadedPlan loaded,
      Shell shell,
      Shell.LineListener lines,
      Redactor redactor,
      Set<String> leftPartWay)
      throws InterruptedException {
    PlanRequest request = loaded.request();
    ClusterBehaviour behaviour = request.behaviour();
    RolloutPlan offline = loaded.plan();
    List<Host> hosts = offline.clusterHealth().stream().map(NodePlan::host).toList();
    NodeTaskContext context = new NodeTaskContext(null, shell, lines, TIMEOUT, redactor);
    TaskArgs settings = new TaskArgs(request.playbook().settings());
    ClusterView view;
    try {
      view =
          TaskCall.call(
              () -> behaviour.discover(context, settings, hosts),
              TIMEOUT,
              behaviour.id() + " discovery",
              TaskCall.origin(behaviour));
    } catch (RollrunException e) {
      throw new DiscoveryException(
          "cannot ask the "
              + behaviour.id()
              + " cluster which members it has, so nothing was stopped: "
              + redactor.redact(e.getMessage()),
          e);
    }
    if (view == null) {
      return Optional.empty();
    }
    Map<String, ClusterMember> byHost;
    try {
      byHost = match(behaviour.id(), view, hosts, leftPartWay, redactor);
    } catch (DiscoveryException e) {
      throw explained(e, behaviour.id(), view, redactor);
    }
    Inventory enriched = enrich(request.inventory(), byHost);
    PlanRequest again =
        new PlanRequest(
            request.playbook(),
            enriched,
            behaviour,
            request.names(),
            request.limit(),
            request.extraVars(),
            request.secretVars(),
            request.environment());
    RolloutPlan plan = planner.plan(again).plan().withDigest(offline.digest());
    List<String> notes = new ArrayList<>();
    view.notes().forEach(n -> notes.add(redactor.redact(n)));
    for (Host host : hosts) {
      ClusterMember member = byHost.get(host.name());
      if (member == null) {
        notes.add(host.name() + ": not in the cluster (left part way by the run)");
        continue;
      }
      notes.add(
          host.name()
              + ": "
              + redactor.redact(member.id())
              + (member.roles().isEmpty() ? "" : " (" + String.join(", ", member.roles()) + ")"));
    }
    return Optional.of(new Discovered(plan, notes));
  }

  /** A mismatch with what the behaviour noted about the cluster, which often says why. */
  static DiscoveryException explained(
      DiscoveryException mismatch, String behaviour, ClusterView view, Redactor redactor) {
    if (view.notes().isEmpty()) {
      return mismatch;
    }
    StringBuilder message = new StringBuilder(mismatch.getMessage());
    message.append("\n  the ").append(behaviour).append(" cluster says:");
    view.notes().forEach(n -> message.append("\n    ").append(redactor.redact(n)));
    return new DiscoveryException(message.toString());
  }

  /**
   * Each inventory host's member.
   *
   * @throws DiscoveryException naming every member without a host, every host without a member, and
   *     every host claimed twice
   */
  static Map<String, ClusterMember> match(
      String behaviour, ClusterView view, List<Host> hosts, Redactor redactor) {
    return match(behaviour, view, hosts, Set.of(), redactor);
  }

  /**
   * As {@link #match(String, ClusterView, List, Redactor)}, where a host of {@code mayBeAway}
   * without a member is no mismatch (and has none in the map).
   */
  static Map<String, ClusterMember> match(
      String behaviour,
      ClusterView view,
      List<Host> hosts,
      Set<String> mayBeAway,
      Redactor redactor) {
    Set<String> names = hosts.stream().map(Host::name).collect(Collectors.toSet());
    Map<String, ClusterMember> byHost = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (ClusterMember member : view.members()) {
      String id = redactor.redact(member.id());
      if (member.host() == null) {
        problems.add("cluster member " + id + " matches no host of the inventory");
      } else if (!names.contains(member.host())) {
        problems.add(
            "cluster member "
                + id
                + " runs on "
                + member.host()
                + ", which is not among the playbook's hosts");
      } else if (byHost.containsKey(member.host())) {
        problems.add(
            "host "
                + member.host()
                + " matches two cluster members: "
                + redactor.redact(byHost.get(member.host()).id())
                + " and "
                + id);
      } else {
        byHost.put(member.host(), member);
      }
    }
    List<String> missing =
        hosts.stream()
            .map(Host::name)
            .filter(h -> !byHost.containsKey(h) && !mayBeAway.contains(h))
            .toList();
    if (!missing.isEmpty()) {
      problems.add(
          (missing.size() == 1 ? "host " : "hosts ")
              + String.join(", ", missing)
              + (missing.size() == 1 ? " is" : " are")
              + " in the inventory but not in the cluster"
              + (view.members().isEmpty()
                  ? " (it lists no member)"
                  : " (it lists "
                      + view.members().stream()
                          .map(m -> redactor.redact(m.id()))
                          .collect(Collectors.joining(", "))
                      + ")"));
    }
    if (!problems.isEmpty()) {
      throw new DiscoveryException(
          "the "
              + behaviour
              + " cluster and the inventory do not match, so nothing was stopped:\n  - "
              + String.join("\n  - ", problems));
    }
    return byHost;
  }

  /** The inventory with each member's roles added to its host's and groups, its facts as vars. */
  static Inventory enrich(Inventory inventory, Map<String, ClusterMember> byHost) {
    List<Host> hosts = new ArrayList<>();
    Map<String, List<String>> groups = new LinkedHashMap<>();
    inventory.groups().forEach((group, members) -> groups.put(group, new ArrayList<>(members)));
    Map<String, Map<String, Object>> variables = new LinkedHashMap<>(inventory.variables());
    for (Host host : inventory.hosts()) {
      ClusterMember member = byHost.get(host.name());
      if (member == null) {
        hosts.add(host);
        continue;
      }
      Set<String> roles = new LinkedHashSet<>(host.roles());
      roles.addAll(member.roles());
      for (String role : member.roles()) {
        List<String> group = groups.computeIfAbsent(role, r -> new ArrayList<>());
        if (!group.contains(host.name())) {
          group.add(host.name());
        }
      }
      Map<String, Object> vars = new LinkedHashMap<>(host.vars());
      vars.put(FACTS, member.facts());
      hosts.add(
          new Host(
              host.name(),
              host.address(),
              host.port(),
              host.user(),
              host.identity(),
              List.copyOf(roles),
              host.rack(),
              host.zone(),
              vars));
      Map<String, Object> shown =
          new LinkedHashMap<>(variables.getOrDefault(host.name(), Map.of()));
      shown.put(FACTS, member.facts());
      variables.put(host.name(), shown);
    }
    return new Inventory(
        inventory.source(),
        hosts,
        inventory.positions(),
        inventory.settingPositions(),
        groups,
        variables,
        inventory.warnings());
  }
}
