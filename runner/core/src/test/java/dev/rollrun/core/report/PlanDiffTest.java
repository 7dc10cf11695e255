package dev.rollrun.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollrun.api.Phase;
import dev.rollrun.core.plan.Command;
import dev.rollrun.core.plan.PlanJson;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a reviewer reads when a plan changed: which settings, nodes, steps and gates. */
class PlanDiffTest {

  @Test
  void theSamePlanHasNoChange() throws IOException {
    RolloutPlan plan = GroupedPlanTest.plan(20, 5, (h, i) -> steps("systemctl stop app"));
    PlanDiff diff = PlanDiff.between(json(plan), json(plan));
    assertTrue(diff.isEmpty());
    assertTrue(diff.text().endsWith("no change\n"), diff.text());
  }

  @Test
  void aCommandChangedOnEveryNodeIsOneLineForAllOfThem() throws IOException {
    RolloutPlan before = GroupedPlanTest.plan(200, 20, (h, i) -> steps("systemctl stop app"));
    RolloutPlan after =
        GroupedPlanTest.plan(200, 20, (h, i) -> steps("systemctl stop app --graceful"));
    PlanDiff diff = PlanDiff.between(json(before), json(after));
    assertEquals(
        "plan 0123456789ab -> 0123456789ab  app restart\n"
            + "\n"
            + "h1 … h200 (200 nodes)\n"
            + "  stop: run sudo systemctl stop app -> run sudo systemctl stop app --graceful\n",
        diff.text());
    assertTrue(
        diff.markdown()
            .contains(
                "- stop: `run sudo systemctl stop app` → `run sudo systemctl stop app --graceful`"),
        diff.markdown());
  }

  @Test
  void stepsAddedAndRemovedAreNamedWithTheNodesTheyConcern() throws IOException {
    RolloutPlan before = GroupedPlanTest.plan(10, 5, (h, i) -> steps("systemctl stop app"));
    RolloutPlan after =
        GroupedPlanTest.plan(
            10,
            5,
            (h, i) -> {
              List<PlannedStep> steps = new ArrayList<>(steps("systemctl stop app"));
              if (i < 3) {
                steps.add(
                    0,
                    new PlannedStep.Run(
                        "pre-stop[0]",
                        Phase.PRE_STOP,
                        "drain",
                        Command.plain("drain " + h.name()),
                        false,
                        null,
                        null));
              }
              return steps;
            });
    String text = PlanDiff.between(json(before), json(after)).text();
    assertTrue(
        text.contains("\nh1 … h3 (3 nodes)\n  pre-stop: added run [drain] drain <host.name>\n"),
        text);
    assertFalse(text.contains("h4"), "the other nodes did not change: " + text);
    String back = PlanDiff.between(json(after), json(before)).text();
    assertTrue(back.contains("  pre-stop: removed run [drain] drain <host.name>\n"), back);
  }

  @Test
  void nodesAddedAndRemovedAndTheNewOrderAreSaid() throws IOException {
    RolloutPlan before = GroupedPlanTest.plan(10, 5, (h, i) -> steps("systemctl stop app"));
    RolloutPlan after = GroupedPlanTest.plan(12, 3, (h, i) -> steps("systemctl stop app"));
    String text = PlanDiff.between(json(before), json(after)).text();
    assertTrue(text.contains("batch              5 -> 3\n"), text);
    assertTrue(text.contains("nodes              10 -> 12\n"), text);
    assertTrue(text.contains("nodes added        added h11, h12\n"), text);
    assertTrue(text.contains("order before       batches 1-2 (5 each): h1 … h10\n"), text);
    assertTrue(text.contains("order now          batches 1-4 (3 each): h1 … h12\n"), text);
  }

  private static List<PlannedStep> steps(String stop) {
    return List.of(
        new PlannedStep.Run("stop", Phase.STOP, null, Command.plain(stop), true, null, null),
        new PlannedStep.Run(
            "start", Phase.START, null, Command.plain("systemctl start app"), true, null, null));
  }

  private static JsonNode json(RolloutPlan plan) throws IOException {
    return new ObjectMapper().readTree(PlanJson.toJson(plan, true));
  }
}
