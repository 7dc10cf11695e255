package dev.rollrun.core.exec;

import dev.rollrun.api.StopCheck;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.Verdict;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.task.NodeTaskContext;
import dev.rollrun.core.task.TaskCall;
import java.time.Duration;
import java.util.List;

/**
 * A cluster behaviour's "safe to stop?" check, right before a node's stop. Its verdict's reason is
 * the step's output; a refusal fails the step, so the node is not stopped and, the failure being
 * known to the {@link FailurePolicy}, neither is any other.
 */
final class SafeToStopExecutor implements StepExecutor<PlannedStep.SafeToStop> {

  /** How long a check may take: it only looks. */
  static final Duration LIMIT = Duration.ofMinutes(2);

  @Override
  public Class<PlannedStep.SafeToStop> kind() {
    return PlannedStep.SafeToStop.class;
  }

  @Override
  public void execute(PlannedStep.SafeToStop step, StepContext context)
      throws InterruptedException {
    Verdict verdict = verdict(step, context.host(), context, context.lines());
    if (!verdict.safe()) {
      throw new StepFailedException("not safe to stop (" + step.name() + "): " + verdict.reason());
    }
    context.lines().line(false, "safe to stop (" + step.name() + "): " + verdict.reason());
  }

  /** Asks one check about one node; a check that returns nothing is a defect of the plugin. */
  static Verdict verdict(
      PlannedStep.SafeToStop step,
      dev.rollrun.api.Host host,
      StepContext context,
      Shell.LineListener lines)
      throws InterruptedException {
    StopCheck check = step.check();
    TaskArgs settings = step.settings();
    List<dev.rollrun.api.Host> cluster = step.cluster().isEmpty() ? List.of(host) : step.cluster();
    Duration limit =
        LIMIT.compareTo(context.defaultTimeout()) < 0 ? LIMIT : context.defaultTimeout();
    NodeTaskContext task =
        new NodeTaskContext(host, context.shell(), lines, limit, context.redactor());
    Verdict verdict =
        TaskCall.call(
            () -> check.check(task, settings, cluster),
            limit,
            "safe-to-stop check " + check.name(),
            TaskCall.origin(check));
    if (verdict == null) {
      throw new StepFailedException(
          "safe-to-stop check "
              + check.name()
              + " returned no verdict ("
              + TaskCall.origin(check)
              + ")");
    }
    return verdict;
  }
}
