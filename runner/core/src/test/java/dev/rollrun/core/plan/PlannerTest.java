package dev.rollrun.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.api.Host;
import dev.rollrun.api.NodeWrapper;
import dev.rollrun.api.StopCheck;
import dev.rollrun.api.Task;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import dev.rollrun.api.Verdict;
import dev.rollrun.core.behaviour.ServiceBehaviour;
import dev.rollrun.core.config.CompiledScript;
import dev.rollrun.core.config.ConditionSpec;
import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.config.PlaybookReader;
import dev.rollrun.core.config.StepExtensions;
import dev.rollrun.core.config.StepSpec;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.schema.SchemaCatalog;
import dev.rollrun.core.yaml.YamlDocumentReader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Planner as a pure function: a request built in memory, no file read, nothing started. */
class PlannerTest {

  /** A script that exists wherever the test playbook is said to be. */
  static final String SCRIPT =
      Path.of("../../playbooks/tasks/check-version.js").toAbsolutePath().normalize().toString();

  private static final String PLAYBOOK =
      """
      name: every kind
      service: { name: app, instance: "pidof app" }
      health:
        interval: 1s
        all:
          - tcp: { port: 8080 }
          - command: { run: "check {{ host.name }}", output: "^ok" }
          - http: { url: "http://{{ host.address }}:9200/_cluster/health", json: [ { path: "$.status", equals: green } ] }
          - jmx: { port: 9999, mbean: "java.lang:type=Memory", attribute: HeapMemoryUsage }
          - jmx: { name: URP, mbean: "kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions", port: 9999, attribute: Value, across: all-nodes, sum: { equals: 0 } }
          - all: [ { tcp: { port: 9092 } } ]
          - any: [ { tcp: { port: 9093 } }, { tcp: { port: 9094 } } ]
      steps:
        pre-cluster:
          - local: "echo start"
        pre-stop:
          - run: "drain {{ host.name }}"
            sudo: true
          - wait: 2s
          - set: "lb disable {{ host.name }}"
            restore: "lb enable {{ host.name }}"
        post-stop:
          - local: "echo stopped {{ host.name }}"
        script:
          - run: upgrade
        pre-start:
          - gate: { all: [ { command: { run: ready } } ] }
        post-start:
          - run: undrain
          - js: %s
            args: { package-version: "1.0" }
        post-cluster:
          - task: notify
            args: { channel: ops, about: "{{ playbook.name }}" }
            timeout: 30s
      """
          .formatted(PlannerTest.SCRIPT);

  /** A task the test playbook's {@code task:} step resolves to. */
  private static final Task NOTIFY =
      new Task() {
        @Override
        public String id() {
          return "notify";
        }

        @Override
        public void run(TaskContext context, TaskArgs args) {}
      };

  /** Resolves {@link #NOTIFY} and "compiles" any script without reading it. */
  private static final StepExtensions EXTENSIONS =
      new StepExtensions() {
        @Override
        public Optional<Task> task(String id) {
          return id.equals("notify") ? Optional.of(NOTIFY) : Optional.empty();
        }

        @Override
        public CompiledScript script(Path file, String displayName) {
          return SCRIPT_STUB;
        }
      };

  private static final CompiledScript SCRIPT_STUB =
      new CompiledScript() {
        @Override
        public String displayName() {
          return SCRIPT;
        }

        @Override
        public void run(TaskContext context, TaskArgs args, java.time.Duration limit) {}
      };

  /** The service behaviour with a safe-to-stop check and a wrapper around each node. */
  private static final ClusterBehaviour GUARDED =
      new ClusterBehaviour() {
        private final ServiceBehaviour service = new ServiceBehaviour();

        @Override
        public String id() {
          return "guarded";
        }

        @Override
        public String defaultStopCommand() {
          return service.defaultStopCommand();
        }

        @Override
        public String defaultStartCommand() {
          return service.defaultStartCommand();
        }

        @Override
        public List<StopCheck> stopChecks() {
          return List.of(StopCheck.of("replicas in sync", (c, s) -> Verdict.safe("in sync")));
        }

        @Override
        public List<NodeWrapper> wrappers() {
          return List.of(
              NodeWrapper.of("allocation", (c, s) -> {}, (c, s) -> {}),
              NodeWrapper.of("maintenance", (c, s) -> {}, (c, s) -> {}));
        }
      };

  private static final Inventory INVENTORY =
      new Inventory(
          "inventory/web.yml",
          List.of(host("web-1", "10.0.0.1"), host("web-2", "10.0.0.2")),
          Map.of());

  private static Host host(String name, String address) {
    return new Host(name, address, 22, "deploy", null, List.of("web"), null, null, Map.of());
  }

  private static Playbook playbook(String displayName) {
    return new PlaybookReader(SchemaCatalog.builtIn(), EXTENSIONS)
        .read(
            new YamlDocumentReader("playbook").parse(Path.of(displayName), displayName, PLAYBOOK));
  }

  private static PlanRequest request(String displayName, SourceNames names) {
    return request(displayName, names, new ServiceBehaviour());
  }

  private static PlanRequest request(
      String displayName, SourceNames names, ClusterBehaviour behaviour) {
    return new PlanRequest(
        playbook(displayName),
        INVENTORY,
        behaviour,
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
            "pre-stop[2]",
            "instance",
            "stop",
            "post-stop[0]",
            "script[0]",
            "pre-start[0]",
            "start",
            "post-start[0]",
            "post-start[1]",
            "restore:pre-stop[2]"),
        node.steps().stream().map(PlannedStep::id).toList());
    assertEquals(
        List.of(
            "drain web-1",
            "2s",
            "lb disable web-1",
            "pidof app",
            "systemctl stop app",
            "echo stopped web-1",
            "upgrade",
            "every 10s, 3 in a row, timeout 10m",
            "systemctl start app",
            "undrain",
            SCRIPT + " {package-version: 1.0}",
            "lb enable web-1"),
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
    RolloutPlan plan = new Planner().plan(request("p.yml", NAMES, GUARDED)).plan();
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
            "{\"phase\":\"pre-stop\",\"kind\":\"set\",\"command\":\"lb disable web-1\","
                + "\"restored-by\":\"restore:pre-stop[2]\"}",
            "{\"phase\":\"post-start\",\"kind\":\"restore\",\"command\":\"lb enable web-1\","
                + "\"restores\":\"pre-stop[2]\"}",
            "{\"phase\":\"pre-start\",\"kind\":\"gate\",\"gate\":{\"interval\":\"10s\"",
            "{\"tcp\":{\"host\":\"10.0.0.1\",\"port\":8080,\"from\":\"local\"}}",
            "{\"command\":{\"run\":\"check web-1\",\"on\":\"node\",\"exit\":0,\"output\":\"^ok\"}}",
            "{\"http\":{\"method\":\"GET\",\"url\":\"http://10.0.0.1:9200/_cluster/health\"",
            "\"json\":[\"$.status == green\"],\"via\":\"direct\"}}",
            "{\"cluster\":{\"name\":\"URP\",\"across\":\"all nodes\",\"aggregate\":\"sum\","
                + "\"compare\":\"== 0\",\"nodes\":[{\"host\":\"web-1\",\"condition\":{\"jmx\":"
                + "{\"name\":\"URP\",\"host\":\"10.0.0.1\",\"port\":9999,",
            "{\"phase\":\"post-cluster\",\"kind\":\"task\",\"task\":\"notify\","
                + "\"args\":{\"channel\":\"ops\",\"about\":\"every kind\"},\"timeout\":\"30s\"}",
            "{\"phase\":\"post-start\",\"kind\":\"js\",\"js\":\""
                + SCRIPT
                + "\","
                + "\"args\":{\"package-version\":\"1.0\"}}",
            "{\"phase\":\"pre-stop\",\"kind\":\"instance\",\"command\":\"pidof app\"}",
            "{\"phase\":\"pre-stop\",\"kind\":\"safe-to-stop\",\"name\":\"replicas in sync\","
                + "\"behaviour\":\"guarded\",\"check\":\"replicas in sync\"}",
            "{\"phase\":\"pre-stop\",\"kind\":\"wrapper\",\"name\":\"allocation\","
                + "\"behaviour\":\"guarded\",\"wrapper\":\"allocation\",\"side\":\"before-stop\"}")) {
      assertTrue(json.contains(written), written + " in " + json);
    }
  }

  @Test
  void behaviourChecksAndWrappersGoAroundTheStopAndStartInOrder() {
    NodePlan node = new Planner().plan(request("p.yml", NAMES, GUARDED)).plan().nodes().get(0);
    assertEquals(
        List.of(
            "pre-stop[0]",
            "pre-stop[1]",
            "pre-stop[2]",
            "safe-to-stop[0]",
            "before-stop[0]",
            "before-stop[1]",
            "instance",
            "stop",
            "post-stop[0]",
            "script[0]",
            "pre-start[0]",
            "start",
            "post-start[0]",
            "post-start[1]",
            "after-start[1]",
            "after-start[0]",
            "restore:pre-stop[2]"),
        node.steps().stream().map(PlannedStep::id).toList());
  }

  @Test
  void theDefaultGateFollowsTheSettingsAndSafeToStopChecksAreGivenTheWholeCluster() {
    ClusterBehaviour ported =
        new ClusterBehaviour() {
          @Override
          public String id() {
            return "ported";
          }

          @Override
          public String defaultStopCommand() {
            return "stop";
          }

          @Override
          public String defaultStartCommand() {
            return "start";
          }

          @Override
          public String defaultHealth() {
            return defaultHealth(TaskArgs.none());
          }

          @Override
          public String defaultHealth(TaskArgs settings) {
            return "all: [ { tcp: { port: " + settings.integer("port", 80) + " } } ]";
          }

          @Override
          public List<StopCheck> stopChecks() {
            return List.of(
                StopCheck.of("quorum", (c, s, cluster) -> Verdict.safe(cluster.size() + " hosts")));
          }
        };
    String text = "name: ported\ncluster: ported\nsettings: { port: 7070 }\n";
    Playbook playbook =
        new PlaybookReader(SchemaCatalog.builtIn(), EXTENSIONS)
            .read(new YamlDocumentReader("playbook").parse(Path.of("p.yml"), "p.yml", text));
    RolloutPlan plan =
        new Planner()
            .plan(
                new PlanRequest(
                    playbook,
                    INVENTORY,
                    ported,
                    NAMES,
                    List.of("web-2"),
                    Map.of(),
                    Map.of(),
                    Map.of()))
            .plan();
    NodePlan node = plan.nodes().get(0);
    assertEquals("tcp 10.0.0.2:7070 from local", node.health().conditions().get(0).describe());
    PlannedStep.SafeToStop check =
        (PlannedStep.SafeToStop)
            node.steps().stream()
                .filter(s -> s instanceof PlannedStep.SafeToStop)
                .findFirst()
                .get();
    assertEquals(
        List.of("web-1", "web-2"), check.cluster().stream().map(Host::name).sorted().toList());
  }

  private static Set<Class<?>> kinds(Class<?> sealed) {
    return Arrays.stream(sealed.getPermittedSubclasses()).collect(Collectors.toSet());
  }
}
