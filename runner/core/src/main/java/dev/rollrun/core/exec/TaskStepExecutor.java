package dev.rollrun.core.exec;

import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.task.NodeTaskContext;
import dev.rollrun.core.task.TaskCall;
import java.time.Duration;

/**
 * {@code task:} a plugin's task, on a thread of its own with the step's timeout: a task that fails,
 * throws or never returns fails its step with a message naming the task and its jar.
 */
final class TaskStepExecutor implements StepExecutor<PlannedStep.Task> {

  @Override
  public Class<PlannedStep.Task> kind() {
    return PlannedStep.Task.class;
  }

  @Override
  public void execute(PlannedStep.Task step, StepContext context) throws InterruptedException {
    Duration limit = context.timeoutOr(step.timeout());
    TaskCall.run(
        step.implementation(),
        new NodeTaskContext(
            context.host(), context.shell(), context.lines(), limit, context.redactor()),
        step.taskArgs(),
        limit,
        "task " + step.task(),
        TaskCall.origin(step.implementation()));
  }
}
