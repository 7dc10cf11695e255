package dev.rollrun.core.exec;

import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.plan.PlannedStep;
import java.util.List;

/**
 * {@code gate:} a health gate at this point of a node's lifecycle, over that node's conditions; in
 * a cluster-wide phase, over conditions that need no node.
 */
final class GateStepExecutor implements StepExecutor<PlannedStep.Gate> {

  @Override
  public Class<PlannedStep.Gate> kind() {
    return PlannedStep.Gate.class;
  }

  @Override
  public void execute(PlannedStep.Gate step, StepContext context) throws InterruptedException {
    String label = context.where() + " " + step.id() + " gate";
    context
        .gates()
        .await(
            label,
            step.gate(),
            List.of(new HealthGateWaiter.Target(context.host(), step.gate())),
            context.stopRequested());
  }
}
