package dev.rollrun.core.report;

import dev.rollrun.core.plan.Batch;
import dev.rollrun.core.plan.Command;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.ssh.CommandWrapping;
import dev.rollrun.core.text.Durations;
import java.time.Duration;
import java.util.List;

/** Phrases all plan formats share, so that text and Markdown say the same thing. */
final class PlanSummary {

  private PlanSummary() {}

  static String nodes(RolloutPlan plan) {
    int n = plan.nodeCount();
    int b = plan.batches().size();
    return n + (n == 1 ? " node" : " nodes") + " in " + b + (b == 1 ? " batch" : " batches");
  }

  static String rollout(RolloutPlan plan) {
    List<String> runs = new java.util.ArrayList<>();
    List<Batch> batches = plan.batches();
    for (int i = 0; i < batches.size(); ) {
      int size = batches.get(i).nodes().size();
      int j = i;
      while (j + 1 < batches.size() && batches.get(j + 1).nodes().size() == size) {
        j++;
      }
      runs.add(j == i ? Integer.toString(size) : size + " ×" + (j - i + 1));
      i = j + 1;
    }
    String sizes = String.join(", ", runs);
    String pause =
        plan.pause().isZero()
            ? "no pause between batches"
            : "pause " + Durations.format(plan.pause()) + " between batches";
    return "batch " + plan.ramp() + " -> sizes " + abbreviate(sizes) + "; " + pause;
  }

  private static String abbreviate(String sizes) {
    return sizes.length() > 80 ? sizes.substring(0, 77) + "..." : sizes;
  }

  static String batchTitle(RolloutPlan plan, Batch batch) {
    return "batch " + batch.number() + " of " + plan.batches().size();
  }

  static String stepWhat(PlannedStep step) {
    String what = step.describe() + timeoutNote(step);
    return step.name() == null ? what : "[" + step.name() + "] " + what;
  }

  /** {@code " (timeout 30s)"} for a command step that sets its own timeout, else empty. */
  static String timeoutNote(PlannedStep step) {
    Duration timeout = null;
    if (step instanceof PlannedStep.Run run) {
      timeout = run.timeout();
    } else if (step instanceof PlannedStep.Owned owned) {
      timeout = owned.timeout();
    } else if (step instanceof PlannedStep.Local local) {
      timeout = local.timeout();
    } else if (step instanceof PlannedStep.Owned owned) {
      timeout = owned.timeout();
    } else if (step instanceof PlannedStep.Task task) {
      timeout = task.timeout();
    } else if (step instanceof PlannedStep.Js js) {
      timeout = js.timeout();
    }
    return timeout == null ? "" : " (timeout " + Durations.format(timeout) + ")";
  }

  /**
   * How a step's command reaches the shell: the plan shows {@code sudo systemctl stop x}, a node
   * receives {@code timeout ... sudo -n sh -c 'systemctl stop x'}.
   *
   * @param label the steps it is for
   * @param line what runs, with {@code <command>} for the step's command
   * @param note how the timeout is enforced when {@code line} does not show it, or empty
   */
  record CommandForm(String label, String line, String note) {}

  /**
   * The forms of every command step, in the words of the code that builds the real lines; with the
   * form of a command holding a secret when {@code secrets} (the plan has such commands).
   */
  static List<CommandForm> commandForms(boolean secrets) {
    String command = "<command>";
    String timeout =
        "<step timeout, default " + Durations.format(CommandWrapping.defaultTimeout()) + ">";
    List<CommandForm> forms = new java.util.ArrayList<>();
    forms.add(new CommandForm("run", CommandWrapping.onNode(command, false, timeout), ""));
    forms.add(new CommandForm("run sudo", CommandWrapping.onNode(command, true, timeout), ""));
    if (secrets) {
      forms.add(
          new CommandForm(
              "secret",
              CommandWrapping.onNodeWithSecrets(false, timeout),
              "a command holding a secret: the command on standard input, never on a command line"));
    }
    forms.add(
        new CommandForm(
            "local",
            CommandWrapping.local(command),
            "stopped at "
                + timeout
                + " (TERM, KILL "
                + Durations.format(CommandWrapping.killAfter())
                + " later)"));
    return List.copyOf(forms);
  }

  /** Whether some command of the plan holds a secret value (runs differently from how it shows). */
  static boolean holdsSecrets(RolloutPlan plan) {
    return plan.allSteps().anyMatch(PlanSummary::holdsSecrets)
        || plan.clusterHealth().stream()
            .filter(n -> n.health() != null)
            .flatMap(n -> n.health().conditions().stream())
            .anyMatch(PlanSummary::holdsSecrets);
  }

  /** A command condition holding a secret, also within a group or a cluster condition. */
  private static boolean holdsSecrets(PlannedCondition condition) {
    if (condition instanceof PlannedCondition.CommandCheck cmd) {
      return secret(cmd.run());
    }
    if (condition instanceof PlannedCondition.AllOf all) {
      return all.conditions().stream().anyMatch(PlanSummary::holdsSecrets);
    }
    if (condition instanceof PlannedCondition.AnyOf any) {
      return any.conditions().stream().anyMatch(PlanSummary::holdsSecrets);
    }
    if (condition instanceof PlannedCondition.ClusterCheck cluster) {
      return cluster.members().stream().anyMatch(m -> holdsSecrets(m.condition()));
    }
    return false;
  }

  private static boolean holdsSecrets(PlannedStep step) {
    if (step instanceof PlannedStep.Run run) {
      return secret(run.command());
    }
    if (step instanceof PlannedStep.Local local) {
      return secret(local.command());
    }
    if (step instanceof PlannedStep.Owned owned) {
      return secret(owned.command());
    }
    if (step instanceof PlannedStep.Instance instance) {
      return secret(instance.command());
    }
    if (step instanceof PlannedStep.Gate gate) {
      return gate.gate().conditions().stream().anyMatch(PlanSummary::holdsSecrets);
    }
    return false;
  }

  private static boolean secret(Command command) {
    return !command.actual().equals(command.shown());
  }

  /**
   * The roll order, batch by batch: consecutive batches of one size whose nodes count up one by one
   * share a line ({@code batches 2-10 (20 each)}, {@code h2 … h181}).
   *
   * @param batches which batches, e.g. {@code batch 1} or {@code batches 2-10 (20 each)}
   * @param nodes their nodes, written short
   */
  record OrderLine(String batches, String nodes) {}

  static List<OrderLine> order(RolloutPlan plan) {
    return order(plan.batches().stream().map(PlanSummary::names).toList());
  }

  /** The roll order of batches given by their nodes' names, batch 1 first. */
  static List<OrderLine> order(List<List<String>> batches) {
    List<OrderLine> lines = new java.util.ArrayList<>();
    int i = 0;
    while (i < batches.size()) {
      int size = batches.get(i).size();
      List<String> names = new java.util.ArrayList<>(batches.get(i));
      int j = i;
      // Batches of one size share a line while all their names count up one by one.
      boolean counting = countsUp(names);
      while (counting && j + 1 < batches.size() && batches.get(j + 1).size() == size) {
        List<String> next = batches.get(j + 1);
        if (names.isEmpty()
            || next.isEmpty()
            || !countsUp(next)
            || !HostRanges.follows(names.get(names.size() - 1), next.get(0))) {
          break;
        }
        names.addAll(next);
        j++;
      }
      String label =
          j == i
              ? "batch " + (i + 1)
              : "batches " + (i + 1) + "-" + (j + 1) + " (" + size + " each)";
      lines.add(new OrderLine(label, HostRanges.write(names)));
      i = j + 1;
    }
    return List.copyOf(lines);
  }

  /** Whether the names count up one by one ({@code h7, h8, h9}). */
  private static boolean countsUp(List<String> names) {
    for (int k = 1; k < names.size(); k++) {
      if (!HostRanges.follows(names.get(k - 1), names.get(k))) {
        return false;
      }
    }
    return true;
  }

  private static List<String> names(Batch batch) {
    return batch.nodes().stream().map(n -> n.host().name()).toList();
  }

  /**
   * A group's heading: its nodes written short, how many, and their batches: {@code h1 … h200 (200
   * nodes; batches 1-10, 20 each)}.
   */
  static String groupTitle(RolloutPlan plan, NodeGroups.Group group) {
    List<String> names = group.names();
    java.util.Set<String> members = new java.util.HashSet<>(names);
    List<Batch> touched =
        plan.batches().stream()
            .filter(b -> b.nodes().stream().anyMatch(n -> members.contains(n.host().name())))
            .toList();
    String count = names.size() + (names.size() == 1 ? " node" : " nodes");
    if (touched.isEmpty()) {
      return HostRanges.write(names, TITLE_ITEMS) + " (" + count + ")";
    }
    String numbers = HostRanges.numbers(touched.stream().map(Batch::number).toList());
    int size = touched.get(0).nodes().size();
    boolean whole =
        touched.stream().allMatch(b -> b.nodes().size() == size)
            && touched.size() * size == names.size();
    String batches =
        touched.size() == 1
            ? "batch " + numbers
            : "batches " + numbers + (whole ? ", " + size + " each" : "");
    return HostRanges.write(names, TITLE_ITEMS) + " (" + count + "; " + batches + ")";
  }

  /** How many items of names a group's title shows before "and N more". */
  private static final int TITLE_ITEMS = 8;

  /**
   * What a group's hosts have, field by field: a value all share once, else each value with its
   * nodes ({@code rack r1 (web-1, web-3), r2 (4)}); their addresses written short.
   */
  static List<String> hostFacts(NodeGroups.Group group) {
    List<dev.rollrun.api.Host> hosts = group.hosts();
    List<String> facts = new java.util.ArrayList<>();
    if (hosts.stream().allMatch(h -> h.address().equals(h.name()))) {
      facts.add("address: the host name");
    } else {
      facts.add(
          "address "
              + HostRanges.write(hosts.stream().map(dev.rollrun.api.Host::address).toList(), 4));
    }
    fact(facts, "user", hosts, h -> h.user() == null ? List.of() : List.of(h.user()));
    fact(
        facts,
        "port",
        hosts,
        h -> h.port() > 0 ? List.of(Integer.toString(h.port())) : List.<String>of());
    fact(facts, "roles", hosts, dev.rollrun.api.Host::roles);
    fact(facts, "rack", hosts, h -> h.rack() == null ? List.of() : List.of(h.rack()));
    fact(facts, "zone", hosts, h -> h.zone() == null ? List.of() : List.of(h.zone()));
    return List.copyOf(facts);
  }

  private static void fact(
      List<String> facts,
      String field,
      List<dev.rollrun.api.Host> hosts,
      java.util.function.Function<dev.rollrun.api.Host, List<String>> values) {
    java.util.Map<String, List<String>> holders = new java.util.LinkedHashMap<>();
    for (dev.rollrun.api.Host host : hosts) {
      for (String value : values.apply(host)) {
        holders.computeIfAbsent(value, v -> new java.util.ArrayList<>()).add(host.name());
      }
    }
    if (holders.isEmpty()) {
      return;
    }
    List<String> parts = new java.util.ArrayList<>();
    holders.forEach((value, names) -> parts.add(value + which(names, hosts.size())));
    facts.add(field + " " + String.join(", ", parts));
  }

  /**
   * Which nodes of a group of {@code groupSize} a value or variant holds for: nothing when all, the
   * nodes when they are written in two items or fewer, else how many.
   */
  static String which(List<String> names, int groupSize) {
    if (names.size() == groupSize) {
      return "";
    }
    List<String> items = HostRanges.items(names);
    return items.size() <= 2 ? " (" + String.join(", ", items) + ")" : " (" + names.size() + ")";
  }

  /** {@code on web-1 … web-4} or {@code on 198 nodes}. */
  static String on(List<String> names) {
    List<String> items = HostRanges.items(names);
    return items.size() <= 3 ? "on " + String.join(", ", items) : "on " + names.size() + " nodes";
  }

  /** Which nodes a variant of a line holds for: {@code on web-4}, {@code on 198 nodes}. */
  static String variantNodes(NodeGroups.Variant variant) {
    return on(variant.names());
  }

  /** More variants than this and a line's variants are listed per node after the group. */
  static final int MAX_VARIANTS = 4;

  /**
   * The "safe to stop?" checks of the plan's behaviour, once each: {@code replicas in sync (cluster
   * kafka), asked right before each stop}.
   */
  static List<String> checks(RolloutPlan plan) {
    java.util.Map<String, Integer> checks = new java.util.LinkedHashMap<>();
    for (dev.rollrun.core.plan.NodePlan node : plan.nodes()) {
      for (PlannedStep step : node.steps()) {
        if (step instanceof PlannedStep.SafeToStop check) {
          checks.merge(check.name() + " (cluster " + check.behaviour() + ")", 1, Integer::sum);
        }
      }
    }
    return counted(checks, plan.nodeCount(), "asked right before each stop");
  }

  /**
   * What the plan changes for the time of a node and puts back: each wrapper of the behaviour, once
   * ({@code allocation (cluster elasticsearch): before the stop, put back after the start}).
   */
  static List<String> owned(RolloutPlan plan) {
    java.util.Map<String, Integer> owned = new java.util.LinkedHashMap<>();
    for (dev.rollrun.core.plan.NodePlan node : plan.nodes()) {
      for (PlannedStep step : node.steps()) {
        if (step instanceof PlannedStep.Wrapper wrapper && wrapper.before()) {
          owned.merge(
              wrapper.name()
                  + " (cluster "
                  + wrapper.behaviour()
                  + "): set before the stop, put back after the start and if the node fails",
              1,
              Integer::sum);
        }
      }
    }
    return counted(owned, plan.nodeCount(), "");
  }

  private static List<String> counted(
      java.util.Map<String, Integer> counts, int nodes, String always) {
    List<String> lines = new java.util.ArrayList<>();
    counts.forEach(
        (what, n) ->
            lines.add(
                what
                    + (n == nodes
                        ? (always.isEmpty() ? "" : ", " + always)
                        : ", on " + n + (n == 1 ? " node" : " nodes"))));
    return List.copyOf(lines);
  }

  static String hostLine(dev.rollrun.api.Host host) {
    StringBuilder line = new StringBuilder(host.name()).append("  ");
    line.append(host.user() == null ? "" : host.user() + "@").append(host.endpoint());
    List<String> roles = host.roles();
    if (!roles.isEmpty()) {
      line.append("  roles ").append(String.join(",", roles));
    }
    if (host.rack() != null) {
      line.append("  rack ").append(host.rack());
    }
    if (host.zone() != null) {
      line.append("  zone ").append(host.zone());
    }
    return line.toString();
  }
}
