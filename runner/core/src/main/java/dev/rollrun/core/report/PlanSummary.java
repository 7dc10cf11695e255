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
    String sizes =
        String.join(
            ", ", plan.batches().stream().map(b -> Integer.toString(b.nodes().size())).toList());
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
    } else if (step instanceof PlannedStep.Local local) {
      timeout = local.timeout();
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
    if (step instanceof PlannedStep.Gate gate) {
      return gate.gate().conditions().stream().anyMatch(PlanSummary::holdsSecrets);
    }
    return false;
  }

  private static boolean secret(Command command) {
    return !command.actual().equals(command.shown());
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
