package dev.rollrun.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import dev.rollrun.core.behaviour.ServiceBehaviour;
import dev.rollrun.core.config.ConditionSpec;
import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.config.PlaybookReader;
import dev.rollrun.core.config.StepSpec;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.schema.SchemaCatalog;
import dev.rollrun.core.yaml.YamlDocumentReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Planner as a pure function: a request built in memory, no file read, nothing started. */
class PlannerTest {

  private static final String PLAYBOOK =
      """
      name: every kind
      service: { name: app }
      health:
        interval: 1s
        all:
          - tcp: { port: 8080 }
          - command: { run: "check {{ host.name }}", output: "^ok" }
      steps:
        pre-cluster:
          - local: "echo start"
        pre-stop:
          - run: "drain {{ host.name }}"
            sudo: true
          - wait: 2s
        post-stop:
          - local: "echo stopped {{ host.name }}"
        script:
          - run: upgrade
        pre-start:
          - gate: { all: [ { command: { run: ready } } ] }
        post-start:
          - run: undrain
      """;

  private static final Inventory INVENTORY =
      new Inventory(
          "inventory/web.yml",
          List.of(host("web-1", "10.0.0.1"), host("web-2", "10.0.0.2")),
          Map.of());

  private static Host host(String name, String address) {
    return new Host(name, address, 22, "deploy", null, List.of("web"), null, null, Map.of());
  }

  private static Playbook playbook(String displayName) {
    return new PlaybookReader(SchemaCatalog.builtIn())
        .read(
            new YamlDocumentReader("playbook").parse(Path.of(displayName), displayName, PLAYBOOK));
  }

  private static PlanRequest request(String displayName, SourceNames names) {
    return new PlanRequest(
        playbook(displayName),
        INVENTORY,
        new ServiceBehaviour(),
        names,
        List.of(),
        Map.of(),
        Map.of(),
        Map.of());
  }

  private static final SourceNames NAMES = new SourceNames("web.yml", "../inventory/web.yml");

  @Test
  void theSameRequestGivesTheSamePlanAndDigest() {
    RolloutPlan first = new Planner().plan(request("playbooks/web.yml", NAMES)).plan();
    RolloutPlan second = new Planner().plan(request("playbooks/web.yml", NAMES)).plan();
    assertEquals(first, second);
    assertEquals(PlanJson.toJson(first, true), PlanJson.toJson(second, true));
  }

  @Test
  void digestCoversTheSourceNamesNotThePathsAsTheOperatorWroteThem() {
    RolloutPlan fromRoot = new Planner().plan(request("playbooks/web.yml", NAMES)).plan();
    RolloutPlan fromElsewhere =
        new Planner().plan(request("/srv/rollrun/playbooks/web.yml", NAMES)).plan();
    assertEquals("/srv/rollrun/playbooks/web.yml", fromElsewhere.playbookFile(), "shown as given");
    assertEquals(fromRoot.digest(), fromElsewhere.digest());

    RolloutPlan otherInventory =
        new Planner()
            .plan(request("playbooks/web.yml", new SourceNames("web.yml", "../inventory/db.yml")))
            .plan();
    assertNotEquals(fromRoot.digest(), otherInventory.digest());
  }

  @Test
  void nodeStepsFollowTheLifecycleWithStableIds() {
    NodePlan node = new Planner().plan(request("p.yml", NAMES)).plan().nodes().get(0);
    assertEquals(
        List.of(
            "pre-stop[0]",
            "pre-stop[1]",
            "stop",
            "post-stop[0]",
            "script[0]",
            "pre-start[0]",
            "start",
            "post-start[0]"),
        node.steps().stream().map(PlannedStep::id).toList());
    assertEquals(
        List.of(
            "drain web-1",
            "2s",
            "systemctl stop app",
            "echo stopped web-1",
            "upgrade",
            "every 10s, 3 in a row, timeout 10m",
            "systemctl start app",
            "undrain"),
        node.steps().stream()
            .map(s -> s instanceof PlannedStep.Run run ? run.command().shown() : s.describe())
            .toList());
  }

  @Test
  void everyKindOfStepAndConditionIsPlannedAndWrittenToTheJson() {
    Playbook playbook = playbook("p.yml");
    assertEquals(
        kinds(StepSpec.class),
        playbook.steps().values().stream()
            .flatMap(List::stream)
            .map(Object::getClass)
            .collect(Collectors.toSet()),
        "the test playbook declares a step of every kind");
    assertEquals(
        kinds(ConditionSpec.class),
        playbook.health().conditions().stream().map(Object::getClass).collect(Collectors.toSet()),
        "the test playbook declares a condition of every kind");
    RolloutPlan plan = new Planner().plan(request("p.yml", NAMES)).plan();
    assertEquals(
        kinds(PlannedStep.class),
        plan.allSteps().map(Object::getClass).collect(Collectors.toSet()),
        "the test playbook has a step of every kind");
    assertEquals(
        kinds(PlannedCondition.class),
        plan.nodes().get(0).health().conditions().stream()
            .map(Object::getClass)
            .collect(Collectors.toSet()),
        "the test playbook has a condition of every kind");
    String json = PlanJson.toJson(plan, false);
    for (String written :
        List.of(
            "{\"phase\":\"pre-cluster\",\"kind\":\"local\",\"command\":\"echo start\"}",
            "{\"phase\":\"pre-stop\",\"kind\":\"run\",\"command\":\"drain web-1\",\"sudo\":true}",
            "{\"phase\":\"pre-stop\",\"kind\":\"wait\",\"duration\":\"2s\"}",
            "{\"phase\":\"pre-start\",\"kind\":\"gate\",\"gate\":{\"interval\":\"10s\"",
            "{\"tcp\":{\"host\":\"10.0.0.1\",\"port\":8080,\"from\":\"local\"}}",
            "{\"command\":{\"run\":\"check web-1\",\"on\":\"node\",\"exit\":0,\"output\":\"^ok\"}}")) {
      assertTrue(json.contains(written), written + " in " + json);
    }
  }

  private static Set<Class<?>> kinds(Class<?> sealed) {
    return Arrays.stream(sealed.getPermittedSubclasses()).collect(Collectors.toSet());
  }

  @Test
  void aPlanStopsRenderingAfterTwentyRunawayRenderingsWhateverItsSize() {
    StringBuilder yaml = new StringBuilder("name: runaway\nservice: { name: app }\nsteps:\n");
    yaml.append("  pre-stop:\n");
    for (int i = 0; i < 200; i++) {
      yaml.append("    - run: \"{% for i in range(1, 3000) %}{% for j in range(1, 3000) %}")
          .append("{% endfor %}{% endfor %}x")
          .append(i)
          .append("\"\n");
    }
    List<Host> hosts =
        java.util.stream.IntStream.rangeClosed(1, 600)
            .mapToObj(i -> host("web-" + i, "10.0." + (i / 250) + "." + (i % 250 + 1)))
            .toList();
    PlanRequest request =
        new PlanRequest(
            new PlaybookReader(SchemaCatalog.builtIn())
                .read(
                    new YamlDocumentReader("playbook")
                        .parse(Path.of("p.yml"), "p.yml", yaml.toString())),
            new Inventory("inv.yml", hosts, Map.of()),
            new ServiceBehaviour(),
            new SourceNames("p.yml", "inv.yml"),
            List.of(),
            Map.of(),
            Map.of(),
            Map.of());
    long start = System.nanoTime();
    dev.rollrun.core.problem.InvalidConfigException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            dev.rollrun.core.problem.InvalidConfigException.class,
            () -> new Planner().plan(request));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    assertTrue(
        seconds < 30, "120,000 runaway renderings would take minutes; took " + seconds + "s");
    // At most 20 renderings ran away (the slices of a large fleet render at the same time), and
    // every host is counted for each of them, rendered or not.
    assertTrue(e.problems().size() <= Rendering.MAX_RUNAWAY, e.problems().toString());
    for (var problem : e.problems()) {
      assertTrue(
          problem
              .message()
              .startsWith(
                  "template error for hosts web-1, web-2, web-3 and 597 more: the template takes"
                      + " more than 100,000 steps"),
          problem.toString());
    }
  }
}
