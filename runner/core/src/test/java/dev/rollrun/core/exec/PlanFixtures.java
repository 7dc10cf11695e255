package dev.rollrun.core.exec;

import dev.rollrun.api.Host;
import dev.rollrun.api.Phase;
import dev.rollrun.core.config.Where;
import dev.rollrun.core.plan.Batch;
import dev.rollrun.core.plan.Command;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.plan.PlannedGate;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small plans built in code, for executor tests that need no playbook file. */
public final class PlanFixtures {

  private PlanFixtures() {}

  public static Host host(String name) {
    return new Host(name, "127.0.0.1", 22, "u", null, List.of("app"), null, null, Map.of());
  }

  public static PlannedGate gate(int consecutive) {
    return new PlannedGate(
        Duration.ofSeconds(1),
        consecutive,
        Duration.ofSeconds(30),
        List.of(
            new PlannedCondition.CommandCheck(
                Command.plain("healthy"), Where.NODE, 0, null, false)));
  }

  public static NodePlan node(String name) {
    return node(name, false);
  }

  /**
   * drain, stop, post-stop, start, undrain; with {@code instance}, the {@code instance} command
   * (the identity of the running service) is read right before the stop, as {@code
   * service.instance} makes the planner do.
   */
  public static NodePlan node(String name, boolean instance) {
    List<PlannedStep> steps = new ArrayList<>();
    steps.add(run(Phase.PRE_STOP, "drain"));
    if (instance) {
      steps.add(
          new PlannedStep.Instance(
              PlannedStep.Instance.ID, Phase.PRE_STOP, Command.plain("instance"), null));
    }
    steps.add(run(Phase.STOP, "stop"));
    steps.add(run(Phase.POST_STOP, "post-stop"));
    steps.add(run(Phase.START, "start"));
    steps.add(run(Phase.POST_START, "undrain"));
    return new NodePlan(host(name), List.copyOf(steps), gate(1));
  }

  public static PlannedStep.Run run(Phase phase, String command) {
    return new PlannedStep.Run(
        phase == Phase.STOP || phase == Phase.START
            ? phase.key()
            : phase.key() + "[" + command + "]",
        phase,
        null,
        Command.plain(command),
        false,
        null,
        null);
  }

  /** {@code hosts} split into batches of the given sizes. */
  public static RolloutPlan plan(List<String> hosts, int... sizes) {
    return plan(hosts, false, sizes);
  }

  /**
   * {@code hosts} split into batches of the given sizes, each node as {@link #node(String,
   * boolean)}.
   */
  public static RolloutPlan plan(List<String> hosts, boolean instance, int... sizes) {
    List<Batch> batches = new ArrayList<>();
    int i = 0;
    int number = 1;
    for (int size : sizes) {
      List<NodePlan> nodes = new ArrayList<>();
      for (int j = 0; j < size; j++) {
        nodes.add(node(hosts.get(i++), instance));
      }
      batches.add(new Batch(number++, nodes));
    }
    return new RolloutPlan(
        "test",
        "test.yml",
        "service",
        "inv",
        "all hosts",
        "1",
        Duration.ZERO,
        List.of(),
        batches,
        List.of(),
        List.of(),
        List.of(),
        "0123456789ab");
  }
}
