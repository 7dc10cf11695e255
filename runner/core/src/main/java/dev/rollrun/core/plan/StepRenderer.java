package dev.rollrun.core.plan;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.api.Host;
import dev.rollrun.api.Phase;
import dev.rollrun.core.config.ConditionSpec;
import dev.rollrun.core.config.GateSpec;
import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.config.StepSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what a playbook declares into planned steps and gates for one host: one method per step
 * kind and per condition kind, every template rendered through a {@link Rendering}. A kind this
 * class does not know is a defect: it fails at once rather than leaving a step out of the plan.
 */
final class StepRenderer {

  private final Playbook playbook;
  private final ClusterBehaviour behaviour;
  private final Rendering rendering;

  StepRenderer(Playbook playbook, ClusterBehaviour behaviour, Rendering rendering) {
    this.playbook = playbook;
    this.behaviour = behaviour;
    this.rendering = rendering;
  }

  /** Every step of one node in {@link NodeLifecycle} order, then its health gate. */
  NodePlan node(Host host, GateSpec health) {
    List<PlannedStep> steps = new ArrayList<>();
    for (Phase phase : NodeLifecycle.PHASES) {
      if (NodeLifecycle.isServiceCommand(phase)) {
        steps.add(serviceCommand(host, phase));
      } else {
        steps.addAll(phase(phase, host));
      }
    }
    return new NodePlan(host, steps, health == null ? null : gate(health, host));
  }

  /**
   * The playbook's steps of {@code phase}, with ids {@code pre-stop[0]}, {@code pre-stop[1]}, ...
   *
   * @param host the node, or null for a cluster-wide phase
   */
  List<PlannedStep> phase(Phase phase, Host host) {
    List<PlannedStep> planned = new ArrayList<>();
    for (StepSpec spec : playbook.steps(phase)) {
      planned.add(step(spec, phase.key() + "[" + planned.size() + "]", phase, host));
    }
    return planned;
  }

  private PlannedStep serviceCommand(Host host, Phase phase) {
    ServiceCommands.Chosen chosen = ServiceCommands.choose(playbook, behaviour, host, phase);
    return new PlannedStep.Run(
        phase.key(),
        phase,
        null,
        rendering.render(chosen.command(), host),
        chosen.sudo(),
        null,
        chosen.command().position());
  }

  PlannedStep step(StepSpec spec, String id, Phase phase, Host host) {
    if (spec instanceof StepSpec.Run run) {
      return run(run, id, phase, host);
    } else if (spec instanceof StepSpec.Local local) {
      return local(local, id, phase, host);
    } else if (spec instanceof StepSpec.Wait wait) {
      return waitStep(wait, id, phase);
    } else if (spec instanceof StepSpec.Gate gate) {
      return gateStep(gate, id, phase, host);
    }
    throw new IllegalStateException("unknown step kind " + spec.getClass().getName());
  }

  private PlannedStep run(StepSpec.Run run, String id, Phase phase, Host host) {
    return new PlannedStep.Run(
        id,
        phase,
        run.name(),
        rendering.render(run.command(), host),
        run.sudo(),
        run.timeout(),
        run.position());
  }

  private PlannedStep local(StepSpec.Local local, String id, Phase phase, Host host) {
    return new PlannedStep.Local(
        id,
        phase,
        local.name(),
        rendering.render(local.command(), host),
        local.timeout(),
        local.position());
  }

  private static PlannedStep waitStep(StepSpec.Wait wait, String id, Phase phase) {
    return new PlannedStep.Wait(id, phase, wait.name(), wait.duration(), wait.position());
  }

  private PlannedStep gateStep(StepSpec.Gate gate, String id, Phase phase, Host host) {
    return new PlannedStep.Gate(id, phase, gate.name(), gate(gate.gate(), host), gate.position());
  }

  PlannedGate gate(GateSpec spec, Host host) {
    List<PlannedCondition> conditions = new ArrayList<>();
    for (ConditionSpec condition : spec.conditions()) {
      conditions.add(condition(condition, host));
    }
    return new PlannedGate(spec.interval(), spec.consecutive(), spec.timeout(), conditions);
  }

  PlannedCondition condition(ConditionSpec spec, Host host) {
    if (spec instanceof ConditionSpec.Command command) {
      return commandCheck(command, host);
    } else if (spec instanceof ConditionSpec.Tcp tcp) {
      return tcpCheck(tcp, host);
    }
    throw new IllegalStateException("unknown condition kind " + spec.getClass().getName());
  }

  private PlannedCondition commandCheck(ConditionSpec.Command command, Host host) {
    return new PlannedCondition.CommandCheck(
        rendering.healthCommand(command.run(), host),
        command.on(),
        command.exit(),
        command.output() == null ? null : rendering.pattern(command.output(), host),
        command.sudo());
  }

  /** To {@code host:} when given, else to the node's own address. */
  private PlannedCondition tcpCheck(ConditionSpec.Tcp tcp, Host host) {
    String address =
        tcp.host() == null
            ? (host == null ? "" : host.address())
            : rendering.render(tcp.host(), host).shown();
    return new PlannedCondition.TcpCheck(address, rendering.port(tcp.port(), host), tcp.from());
  }
}
