package dev.rollrun.core.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.core.plan.PlannedStep;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StepExecutorsTest {

  @Test
  void everyKindOfStepHasAnExecutor() {
    Set<Class<?>> permitted = Set.of(PlannedStep.class.getPermittedSubclasses());
    assertTrue(permitted.size() >= 4, permitted.toString());
    assertEquals(permitted, StepExecutors.standard().kinds());
  }

  @Test
  void aKindWithoutAnExecutorFailsLoudly() {
    StepExecutors onlyWaits = new StepExecutors(List.of(new WaitStepExecutor()));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> onlyWaits.execute(PlanFixtures.run(dev.rollrun.api.Phase.STOP, "stop"), null));
    assertTrue(e.getMessage().contains("no executor for the step kind Run"), e.getMessage());
  }
}
