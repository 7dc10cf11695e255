package dev.rollrun.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import dev.rollrun.core.behaviour.ServiceBehaviour;
import dev.rollrun.core.config.PlaybookReader;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.schema.SchemaCatalog;
import dev.rollrun.core.yaml.YamlDocumentReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cluster conditions in plans: their nodes, their templates, before-stop, bad roles. */
class ClusterConditionPlanTest {

  private static final Inventory KAFKA =
      new Inventory(
          "inventory/kafka.yml",
          List.of(broker("kafka-1"), broker("kafka-2"), broker("kafka-3")),
          Map.of());

  private static Host broker(String name) {
    return new Host(
        name,
        name + ".example",
        22,
        "kafka",
        null,
        List.of("broker"),
        null,
        null,
        Map.of("jmx_port", 9999, "jmx_user", "monitor"));
  }

  private static RolloutPlan plan(String yaml, List<String> limit) {
    var playbook =
        new PlaybookReader(SchemaCatalog.builtIn())
            .read(new YamlDocumentReader("playbook").parse(Path.of("k.yml"), "k.yml", yaml));
    return new Planner()
        .plan(
            new PlanRequest(
                playbook,
                KAFKA,
                new ServiceBehaviour(),
                new SourceNames("k.yml", "kafka.yml"),
                limit,
                Map.of(),
                Map.of("jmx_password", "hunter2"),
                Map.of()))
        .plan();
  }

  private static final String URP =
      """
      name: kafka
      service: { name: kafka }
      health:
        interval: 5s
        consecutive: 2
        timeout: 1m
        before-stop: true
        all:
          - jmx:
              name: URP
              mbean: "kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions"
              attribute: Value
              password: "{{ vars.jmx_password }}"
              across: %s
              sum: { equals: 0 }
      """;

  @Test
  void aClusterConditionIsRenderedForEachOfItsNodesOnceAndSharedByEveryGate() {
    RolloutPlan plan = plan(URP.formatted("all-nodes"), List.of());
    PlannedCondition first = plan.nodes().get(0).health().conditions().get(0);
    assertSame(first, plan.nodes().get(2).health().conditions().get(0), "one object, checked once");
    PlannedCondition.ClusterCheck urp = (PlannedCondition.ClusterCheck) first;
    assertEquals(3, urp.members().size());
    PlannedCondition.JmxCheck second = (PlannedCondition.JmxCheck) urp.members().get(1).condition();
    assertEquals("kafka-2.example", second.host());
    assertEquals(9999, second.port(), "the host's jmx_port var");
    assertEquals("monitor", second.user().shown(), "the host's jmx_user var");
    assertEquals("<secret:jmx_password>", second.password().shown());
    assertEquals("hunter2", second.password().actual());
    assertTrue(!PlanJson.toJson(plan, false).contains("hunter2"), "secrets never in the plan");
  }

  @Test
  void beforeStopAwaitsTheGateRightBeforeEachNodesStop() {
    NodePlan node = plan(URP.formatted("all-nodes"), List.of()).nodes().get(1);
    List<String> ids = node.steps().stream().map(PlannedStep::id).toList();
    assertEquals(List.of("before-stop", "stop", "start"), ids);
  }

  @Test
  void allNodesMeansTheWholeSelectionWhateverLimitLeavesToRoll() {
    RolloutPlan plan = plan(URP.formatted("all-nodes"), List.of("kafka-2"));
    assertEquals(1, plan.nodeCount());
    var urp = (PlannedCondition.ClusterCheck) plan.nodes().get(0).health().conditions().get(0);
    assertEquals(
        List.of("kafka-1", "kafka-2", "kafka-3"),
        urp.members().stream().map(m -> m.host().name()).toList());
  }

  @Test
  void acrossARoleNoHostHasIsAValidationErrorAtItsPosition() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> plan(URP.formatted("{ nodes-in-role: brokers }"), List.of()));
    List<String> problems = e.problems().stream().map(ConfigProblem::toString).toList();
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(
        problems
            .get(0)
            .startsWith(
                "k.yml:14:17: across: nodes-in-role names role \"brokers\", which no host of"
                    + " inventory/kafka.yml has (did you mean \"broker\"?)"),
        problems.get(0));
  }
}
