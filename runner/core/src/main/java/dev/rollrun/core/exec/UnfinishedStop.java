package dev.rollrun.core.exec;

import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.health.Sleeper;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a stop command that an earlier process of a run began, and never saw end, reached the
 * service: the journal cannot tell (the runner may have died before the command arrived, or the
 * command with the connection). The node tells: once no command an earlier rollrun sent is still
 * running on it, the identity of its running service (read and journaled right before the stop, see
 * {@link PlannedStep.Instance}) is read again. The same identity means the very service the stop
 * was meant for still runs: the stop never reached it, and the node is taken back to right before
 * its stop. Anything else (another identity, nothing running, no identity recorded) keeps the rule
 * that a node whose stop began is never stopped again.
 */
public final class UnfinishedStop {

  /**
   * Lists the commands of earlier rollrun processes still running on the node: every process whose
   * command line ends with a rollrun mark, but those of this very command (which carry its own
   * mark, {@code $0}).
   */
  static final String OTHERS_RUNNING =
      "pgrep -f -- 'rollrun-[0-9a-f]+$' | while read -r p; do"
          + " grep -qaF -- \"$0\" /proc/\"$p\"/cmdline 2>/dev/null || echo \"$p\"; done";

  private static final Duration POLL = Duration.ofSeconds(1);

  private final Shell shell;
  private final Sleeper sleeper;
  private final Clock clock;

  public UnfinishedStop(Shell shell, Sleeper sleeper, Clock clock) {
    this.shell = shell;
    this.sleeper = sleeper;
    this.clock = clock;
  }

  /**
   * Where {@code node}, whose stop began and never ended, continues: right before its stop when the
   * stop did not reach the service, else empty (it continues after its stop).
   *
   * @param before the identity read before the stop, or null when none was recorded
   * @param wait how long to wait for a stop command still running on the node to end
   * @param says receives what was found, for the operator
   */
  public Optional<NodeProgress> stopNeverReached(
      NodePlan node, String before, Duration wait, java.util.function.Consumer<String> says)
      throws InterruptedException {
    int at = indexOf(node);
    if (at < 0 || before == null || before.isBlank()) {
      return Optional.empty();
    }
    PlannedStep.Instance instance = (PlannedStep.Instance) node.steps().get(at);
    Instant deadline = clock.instant().plus(wait);
    boolean told = false;
    while (!othersRunning(node).isEmpty()) {
      if (!clock.instant().isBefore(deadline)) {
        says.accept(
            "a command of the earlier run is still running on it after "
                + dev.rollrun.core.text.Durations.format(wait)
                + ": it is not stopped again");
        return Optional.empty();
      }
      if (!told) {
        says.accept("waiting for a command of the earlier run still running on it to end");
        told = true;
      }
      sleeper.sleep(POLL);
    }
    ShellResult now =
        shell.run(
            node.host(),
            new ShellCommand(
                instance.command().actual(),
                instance.command().shown(),
                false,
                InstanceStepExecutor.LIMIT),
            Shell.LineListener.NONE);
    if (!now.stdout().strip().equals(before)) {
      return Optional.empty();
    }
    says.accept(
        "the service still runs the instance it ran before its stop began: the stop never reached"
            + " it, so the node is stopped now, once");
    return Optional.of(new NodeProgress(NodeState.STOPPING, at));
  }

  private String othersRunning(NodePlan node) {
    ShellResult result =
        shell.run(
            node.host(),
            new ShellCommand(OTHERS_RUNNING, OTHERS_RUNNING, false, InstanceStepExecutor.LIMIT),
            Shell.LineListener.NONE);
    return result.stdout().strip();
  }

  private static int indexOf(NodePlan node) {
    for (int i = 0; i < node.steps().size(); i++) {
      if (node.steps().get(i) instanceof PlannedStep.Instance) {
        return i;
      }
    }
    return -1;
  }
}
