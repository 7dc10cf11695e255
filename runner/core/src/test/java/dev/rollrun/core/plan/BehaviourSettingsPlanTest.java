package dev.rollrun.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.ClusterBehaviour;
import dev.rollrun.api.Host;
import dev.rollrun.api.NodeWrapper;
import dev.rollrun.api.StopCheck;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.Verdict;
import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.config.PlaybookReader;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.schema.SchemaCatalog;
import dev.rollrun.core.yaml.YamlDocumentReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a behaviour's checks, wrappers and default gate get of the playbook: settings whose
 * templates are rendered once for the cluster (secrets with their values, never shown), the
 * playbook's whole selection to reach the cluster through, and a default gate written from the
 * settings as the playbook wrote them, so that a secret in it stays a placeholder in the plan.
 */
class BehaviourSettingsPlanTest {

  private static final ClusterBehaviour SEARCH =
      new ClusterBehaviour() {
        @Override
        public String id() {
          return "search";
        }

        @Override
        public String defaultStopCommand() {
          return "stop search";
        }

        @Override
        public String defaultStartCommand() {
          return "start search";
        }

        @Override
        public String defaultHealth(TaskArgs settings, List<Host> hosts) {
          return """
              interval: 1s
              all:
                - http:
                    url: "http://{{ host.address }}:9200/_cluster/health"
                    user: "%s"
                    password: "%s"
                    json: [ { path: $.number_of_nodes, '>=': %d } ]
              """
              .formatted(settings.string("user"), settings.string("password"), hosts.size());
        }

        @Override
        public List<StopCheck> stopChecks() {
          return List.of(StopCheck.of("green", (c, s) -> Verdict.safe("green")));
        }

        @Override
        public List<NodeWrapper> wrappers() {
          return List.of(NodeWrapper.of("allocation", (c, s) -> {}, (c, s) -> {}));
        }
      };

  private static final Inventory INVENTORY =
      new Inventory(
          "inventory/search.yml",
          List.of(host("es-1", "10.0.0.1"), host("es-2", "10.0.0.2"), host("es-3", "10.0.0.3")),
          Map.of());

  private static Host host(String name, String address) {
    return new Host(name, address, 22, "deploy", null, List.of("es"), null, null, Map.of());
  }

  private static RolloutPlan plan(String settings, List<String> limit) {
    String text =
        """
        name: search roll
        cluster: search
        settings:
        %s
        """
            .formatted(settings.indent(2).stripTrailing());
    Playbook playbook =
        new PlaybookReader(SchemaCatalog.builtIn())
            .read(new YamlDocumentReader("playbook").parse(Path.of("p.yml"), "p.yml", text));
    return new Planner()
        .plan(
            new PlanRequest(
                playbook,
                INVENTORY,
                SEARCH,
                new SourceNames("p.yml", "search.yml"),
                limit,
                Map.of("region", "eu"),
                Map.of("es_password", "s3cret-value"),
                Map.of()))
        .plan();
  }

  private static final String SETTINGS =
      """
      user: rollrun
      password: "{{ vars.es_password }}"
      index: "logs-{{ vars.region }}"
      port: 9200
      tls: { ca: "/etc/{{ vars.region }}/ca.pem" }
      """;

  @Test
  void checksAndWrappersGetTheSettingsRenderedWithTheSecretsValue() {
    NodePlan node = plan(SETTINGS, List.of()).nodes().get(0);
    PlannedStep.SafeToStop check =
        node.steps().stream()
            .filter(PlannedStep.SafeToStop.class::isInstance)
            .map(PlannedStep.SafeToStop.class::cast)
            .findFirst()
            .orElseThrow();
    TaskArgs settings = check.settings();
    assertEquals("s3cret-value", settings.string("password"));
    assertEquals("logs-eu", settings.string("index"));
    assertEquals(9200, settings.integer("port"));
    assertEquals(Map.of("ca", "/etc/eu/ca.pem"), settings.asMap().get("tls"));
    node.steps().stream()
        .filter(PlannedStep.Wrapper.class::isInstance)
        .map(PlannedStep.Wrapper.class::cast)
        .forEach(w -> assertEquals(settings, w.settings()));
  }

  @Test
  void checksAndWrappersCanReachTheWholeSelectionWhateverLimitRolls() {
    RolloutPlan plan = plan(SETTINGS, List.of("es-2"));
    assertEquals(List.of("es-2"), plan.nodes().stream().map(n -> n.host().name()).toList());
    List<String> cluster =
        plan.nodes().get(0).steps().stream()
            .filter(PlannedStep.Wrapper.class::isInstance)
            .map(PlannedStep.Wrapper.class::cast)
            .findFirst()
            .orElseThrow()
            .cluster()
            .stream()
            .map(Host::name)
            .toList();
    assertEquals(List.of("es-1", "es-2", "es-3"), cluster);
  }

  @Test
  void theDefaultGateIsWrittenFromTheSettingsAsWrittenAndShowsTheSecretAsAPlaceholder() {
    RolloutPlan plan = plan(SETTINGS, List.of());
    PlannedCondition.HttpCheck http =
        (PlannedCondition.HttpCheck) plan.nodes().get(1).health().conditions().get(0);
    assertEquals("http://10.0.0.2:9200/_cluster/health", http.url().shown());
    assertEquals("<secret:es_password>", http.password().shown());
    assertEquals("s3cret-value", http.password().actual());
    assertEquals("$.number_of_nodes >= 3", http.json().get(0).describe());
    String json = PlanJson.toJson(plan, false);
    assertTrue(!json.contains("s3cret-value"), json);
  }

  @Test
  void aSettingsTemplateThatFailsIsReportedAtItsPosition() {
    InvalidConfigException problem =
        assertThrows(
            InvalidConfigException.class,
            () -> plan("user: \"{{ host.name }}\"\npassword: x", List.of()));
    assertTrue(problem.getMessage().startsWith("p.yml:4:9: "), problem.getMessage());
    assertTrue(problem.getMessage().contains("host"), problem.getMessage());
  }
}
