package dev.rollrun.core.exec;

import dev.rollrun.core.plan.PlannedStep;

/**
 * Runs one kind of planned step. One implementation per kind of {@link PlannedStep}, chosen by
 * {@link StepExecutors} from the step's type.
 *
 * @param <S> the kind of step
 */
interface StepExecutor<S extends PlannedStep> {

  /** The kind this executor runs. */
  Class<S> kind();

  /**
   * Runs the step.
   *
   * @throws StepFailedException when the step ran and failed (a non-zero exit code, a gate that
   *     timed out)
   * @throws dev.rollrun.api.RollrunException when it could not run (connection lost, timeout)
   * @throws InterruptedException when the run is being stopped
   */
  void execute(S step, StepContext context) throws InterruptedException;
}
