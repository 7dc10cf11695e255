package dev.rollrun.core.validate;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.core.behaviour.BehaviourCatalog;
import dev.rollrun.core.behaviour.DefaultHealth;
import dev.rollrun.core.behaviour.TaskCatalog;
import dev.rollrun.core.config.ConditionSpec;
import dev.rollrun.core.config.GateSpec;
import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.config.ServiceSpec;
import dev.rollrun.core.config.StepSpec;
import dev.rollrun.core.config.Template;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.text.Durations;
import dev.rollrun.core.text.Suggestions;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a playbook says about its inventory and its cluster behaviour that no schema can check: the
 * behaviour {@code cluster:} names exists, {@code service.roles} and {@code service.hosts} name
 * roles and hosts the inventory has, {@code hosts:} selects something, and the settings the
 * behaviour's default commands need are there.
 */
public final class PlaybookChecks {

  /**
   * What a {@code service.name} may hold when default commands use it unquoted: the characters of a
   * systemd unit name (without the backslash, which a shell would eat), not starting with "-".
   */
  private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9@._:][A-Za-z0-9@._:-]*");

  private PlaybookChecks() {}

  /**
   * The behaviour the playbook's {@code cluster:} names.
   *
   * @throws InvalidConfigException at {@code cluster:}, with the closest id and every id there is
   */
  public static ClusterBehaviour behaviour(Playbook playbook, BehaviourCatalog behaviours) {
    return behaviours
        .find(playbook.cluster())
        .orElseThrow(
            () ->
                new InvalidConfigException(
                    playbook.valuePosition("/cluster"),
                    "unknown cluster behaviour \""
                        + playbook.cluster()
                        + "\""
                        + Suggestions.didYouMean(playbook.cluster(), behaviours.ids())
                        + "; available: "
                        + String.join(", ", behaviours.ids())));
  }

  /**
   * Every {@code task:} step naming a task no loaded plugin provides, with the closest id and every
   * id there is; empty when all resolve.
   */
  public static List<ConfigProblem> unknownTasks(Playbook playbook, TaskCatalog tasks) {
    ProblemCollector problems = new ProblemCollector();
    for (List<StepSpec> steps : playbook.steps().values()) {
      for (StepSpec step : steps) {
        if (step instanceof StepSpec.Task task && task.implementation() == null) {
          problems.add(
              task.taskPosition(),
              "unknown task \""
                  + task.task()
                  + "\""
                  + Suggestions.didYouMean(task.task(), tasks.ids())
                  + (tasks.ids().isEmpty()
                      ? "; no loaded plugin provides a task (rollrun plugins lists them)"
                      : "; available: " + String.join(", ", tasks.ids())));
        }
      }
    }
    return problems.problems().stream().sorted().toList();
  }

  /** Every problem of the playbook against this inventory and behaviour, in file order. */
  public static List<ConfigProblem> check(
      Playbook playbook, Inventory inventory, ClusterBehaviour behaviour) {
    ProblemCollector problems = new ProblemCollector();
    checkOverrides(playbook, inventory, problems);
    checkRequiredSettings(playbook, behaviour, problems);
    checkHostSelectors(playbook, inventory, problems);
    checkHealth(playbook, behaviour, problems);
    checkAcross(playbook, behaviour, inventory, problems);
    return problems.problems().stream().sorted().toList();
  }

  /**
   * A {@code health:} without conditions sets the timing of the behaviour's default health: there
   * must be one, and the timing it makes must be able to pass.
   */
  private static void checkHealth(
      Playbook playbook, ClusterBehaviour behaviour, ProblemCollector problems) {
    if (playbook.health() == null || !playbook.health().conditions().isEmpty()) {
      return;
    }
    Optional<GateSpec> gate = DefaultHealth.forPlaybook(playbook, behaviour);
    if (gate.isEmpty() || gate.get().conditions().isEmpty()) {
      problems.add(
          playbook.keyPosition("/health"),
          "health: no conditions, and cluster "
              + behaviour.id()
              + " has no default health whose conditions it could keep; add all: or any: with at"
              + " least one command:, tcp:, http: or jmx: condition");
      return;
    }
    GateSpec merged = gate.get();
    Duration least = merged.interval().multipliedBy(Math.max(0, merged.consecutive() - 1L));
    if (merged.timeout().compareTo(least) < 0
        || merged.timeout().compareTo(merged.interval()) < 0) {
      problems.add(
          playbook.keyPosition("/health"),
          "health: with cluster "
              + behaviour.id()
              + "'s default conditions, "
              + merged.consecutive()
              + " healthy checks "
              + Durations.format(merged.interval())
              + " apart cannot pass within the timeout "
              + Durations.format(merged.timeout())
              + "; make timeout at least "
              + Durations.format(
                  least.compareTo(merged.interval()) < 0 ? merged.interval() : least));
    }
  }

  private static void checkRequiredSettings(
      Playbook playbook, ClusterBehaviour behaviour, ProblemCollector problems) {
    ServiceSpec service = playbook.service();
    boolean usesDefaults =
        service.stop() == null
            || service.start() == null
            || (playbook.health() == null || playbook.health().conditions().isEmpty())
                && DefaultHealth.of(behaviour).isPresent();
    if (usesDefaults
        && behaviour.requiredSettings().contains("service.name")
        && service.name() != null
        && !SERVICE_NAME.matcher(service.name()).matches()) {
      problems.add(
          playbook.valuePosition("/service/name"),
          "service.name \""
              + service.name()
              + "\" is not a service name the "
              + behaviour.id()
              + " behaviour can use: its default commands pass it to a shell as one word"
              + " (systemctl stop <name>); use letters, digits and @ . _ : - only, not starting"
              + " with - (or set service.stop, service.start and health yourself)");
    }
    if (usesDefaults
        && behaviour.requiredSettings().contains("service.name")
        && service.name() == null) {
      problems.add(
          playbook.keyPosition(playbook.document().root().has("service") ? "/service" : "/cluster"),
          "service.name is required: the "
              + behaviour.id()
              + " behaviour stops, starts and checks the service by that name (or set"
              + " service.stop, service.start and health yourself)");
    }
  }

  private static void checkOverrides(
      Playbook playbook, Inventory inventory, ProblemCollector problems) {
    Set<String> roles = inventory.roles();
    for (String role : playbook.service().roles().keySet()) {
      if (!roles.contains(role)) {
        problems.add(
            playbook.service().roles().get(role).position(),
            "service.roles names role \""
                + role
                + "\", which no host of "
                + inventory.source()
                + " has"
                + Suggestions.didYouMean(role, roles));
      }
    }
    Set<String> names = new LinkedHashSet<>();
    inventory.hosts().forEach(h -> names.add(h.name()));
    for (String host : playbook.service().hosts().keySet()) {
      if (!names.contains(host)) {
        problems.add(
            playbook.service().hosts().get(host).position(),
            "service.hosts names host \""
                + host
                + "\", which is not in "
                + inventory.source()
                + Suggestions.didYouMean(host, names));
      }
    }
  }

  /** Each of the playbook's {@code hosts:} must name a host or a role. */
  private static void checkHostSelectors(
      Playbook playbook, Inventory inventory, ProblemCollector problems) {
    for (Template selector : playbook.hosts()) {
      if (!Selectors.matches(inventory, selector.source())) {
        problems.add(
            selector.position(),
            "hosts: no host or role named \""
                + selector.source()
                + "\" in "
                + inventory.source()
                + Selectors.hint(selector.source(), inventory));
      }
    }
  }

  /** Each {@code across:} must name a role some host has, or hosts the inventory has. */
  private static void checkAcross(
      Playbook playbook,
      ClusterBehaviour behaviour,
      Inventory inventory,
      ProblemCollector problems) {
    java.util.List<GateSpec> gates = new java.util.ArrayList<>();
    if (playbook.health() != null) {
      DefaultHealth.forPlaybook(playbook, behaviour).ifPresent(gates::add);
    }
    playbook
        .steps()
        .values()
        .forEach(
            steps ->
                steps.forEach(
                    step -> {
                      if (step instanceof StepSpec.Gate gate) {
                        gates.add(gate.gate());
                      }
                    }));
    Set<String> names = new LinkedHashSet<>();
    inventory.hosts().forEach(h -> names.add(h.name()));
    for (GateSpec gate : gates) {
      for (ConditionSpec condition : gate.conditions()) {
        checkAcross(condition, inventory, names, problems);
      }
    }
  }

  private static void checkAcross(
      ConditionSpec condition, Inventory inventory, Set<String> names, ProblemCollector problems) {
    if (condition instanceof ConditionSpec.AllOf all) {
      all.conditions().forEach(c -> checkAcross(c, inventory, names, problems));
    } else if (condition instanceof ConditionSpec.AnyOf any) {
      any.conditions().forEach(c -> checkAcross(c, inventory, names, problems));
    } else if (condition instanceof ConditionSpec.Cluster cluster) {
      var across = cluster.across();
      switch (across.scope()) {
        case ROLE -> {
          if (!inventory.roles().contains(across.role())) {
            problems.add(
                across.position(),
                "across: nodes-in-role names role \""
                    + across.role()
                    + "\", which no host of "
                    + inventory.source()
                    + " has"
                    + Suggestions.didYouMean(across.role(), inventory.roles())
                    + (inventory.roles().isEmpty()
                        ? ""
                        : "; roles: " + String.join(", ", inventory.roles())));
          }
        }
        case THESE -> {
          for (String host : across.hosts()) {
            if (!names.contains(host)) {
              problems.add(
                  across.position(),
                  "across: these names host \""
                      + host
                      + "\", which is not in "
                      + inventory.source()
                      + Suggestions.didYouMean(host, names));
            }
          }
        }
        case ALL_NODES -> {
          // every node of the selection
        }
      }
    }
  }
}
