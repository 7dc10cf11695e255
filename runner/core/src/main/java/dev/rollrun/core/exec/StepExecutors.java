package dev.rollrun.core.exec;

import dev.rollrun.core.plan.PlannedStep;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The executor of each kind of step, chosen by the step's type. A kind without an executor fails
 * loudly, never silently does nothing; {@code StepExecutorsTest} proves every permitted kind of
 * {@link PlannedStep} has one.
 */
final class StepExecutors {

  private final Map<Class<?>, StepExecutor<?>> byKind;

  StepExecutors(List<StepExecutor<?>> executors) {
    Map<Class<?>, StepExecutor<?>> map = new LinkedHashMap<>();
    for (StepExecutor<?> executor : executors) {
      if (map.put(executor.kind(), executor) != null) {
        throw new IllegalArgumentException("two executors for " + executor.kind().getSimpleName());
      }
    }
    this.byKind = Collections.unmodifiableMap(map);
  }

  /** The executors of rollrun's step kinds. */
  static StepExecutors standard() {
    return of(false);
  }

  /**
   * As {@link #standard()}, for {@code rollrun recover}: a wrapper's after side is its {@code
   * recover}.
   */
  static StepExecutors recovering() {
    return of(true);
  }

  private static StepExecutors of(boolean recovering) {
    return new StepExecutors(
        List.of(
            new RunStepExecutor(),
            new InstanceStepExecutor(),
            new OwnedStepExecutor(),
            new LocalStepExecutor(),
            new WaitStepExecutor(),
            new GateStepExecutor(),
            new TaskStepExecutor(),
            new JsStepExecutor(),
            new SafeToStopExecutor(),
            new WrapperExecutor(recovering)));
  }

  Set<Class<?>> kinds() {
    return byKind.keySet();
  }

  void execute(PlannedStep step, StepContext context) throws InterruptedException {
    run(executorFor(step), step, context);
  }

  private StepExecutor<?> executorFor(PlannedStep step) {
    StepExecutor<?> executor = byKind.get(step.getClass());
    if (executor == null) {
      throw new IllegalStateException(
          "no executor for the step kind "
              + step.getClass().getSimpleName()
              + " ("
              + step.kind()
              + ")");
    }
    return executor;
  }

  private static <S extends PlannedStep> void run(
      StepExecutor<S> executor, PlannedStep step, StepContext context) throws InterruptedException {
    executor.execute(executor.kind().cast(step), context);
  }
}
