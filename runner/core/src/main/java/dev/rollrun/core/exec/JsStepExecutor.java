package dev.rollrun.core.exec;

import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.task.NodeTaskContext;
import java.time.Duration;

/**
 * {@code js:} a JavaScript task in its sandbox, cancelled when it runs past the step's timeout; an
 * error names the script's file and line.
 */
final class JsStepExecutor implements StepExecutor<PlannedStep.Js> {

  @Override
  public Class<PlannedStep.Js> kind() {
    return PlannedStep.Js.class;
  }

  @Override
  public void execute(PlannedStep.Js step, StepContext context) throws InterruptedException {
    Duration limit = context.timeoutOr(step.timeout());
    step.script()
        .run(
            new NodeTaskContext(
                context.host(), context.shell(), context.lines(), limit, context.redactor()),
            step.taskArgs(),
            limit);
  }
}
