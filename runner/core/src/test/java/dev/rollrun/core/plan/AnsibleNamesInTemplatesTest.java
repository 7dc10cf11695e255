package dev.rollrun.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.core.behaviour.ServiceBehaviour;
import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.config.PlaybookReader;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.inventory.InventoryReader;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.schema.SchemaCatalog;
import dev.rollrun.core.yaml.YamlDocumentReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An Ansible user's template expressions work in a plan made from an Ansible inventory. */
class AnsibleNamesInTemplatesTest {

  @TempDir Path dir;

  private Inventory inventory() throws IOException {
    Path hosts = dir.resolve("hosts");
    Files.writeString(
        hosts,
        String.join(
            "\n",
            "[web]",
            "web1.example.com ansible_host=10.0.0.1 http_port=8080",
            "web2.example.com ansible_host=10.0.0.2",
            "[db]",
            "db1 ansible_host=10.0.1.1",
            "[prod:children]",
            "web",
            "db",
            ""));
    return new InventoryReader().read(hosts, "hosts");
  }

  private RolloutPlan plan(String command) throws IOException {
    String yaml =
        "name: t\nservice: { name: app }\nsteps:\n  pre-stop:\n    - run: \""
            + command.replace("\"", "\\\"")
            + "\"\n";
    Playbook playbook =
        new PlaybookReader(SchemaCatalog.builtIn())
            .read(new YamlDocumentReader("playbook").parse(Path.of("p.yml"), "p.yml", yaml));
    return new Planner()
        .plan(
            new PlanRequest(
                playbook,
                inventory(),
                new ServiceBehaviour(),
                new SourceNames("p.yml", "hosts"),
                List.of(),
                Map.of(),
                Map.of(),
                Map.of()))
        .plan();
  }

  private String firstCommand(RolloutPlan plan) {
    PlannedStep.Run run = (PlannedStep.Run) plan.nodes().get(0).steps().get(0);
    return run.command().shown();
  }

  @Test
  void ansibleHostNamesRender() throws IOException {
    assertEquals(
        "web1.example.com web1 10.0.0.1 prod,web",
        firstCommand(
            plan(
                "{{ inventory_hostname }} {{ inventory_hostname_short }} {{ ansible_host }}"
                    + " {{ group_names | join(',') }}")));
  }

  @Test
  void hostvarsAndGroupsReachOtherHosts() throws IOException {
    assertEquals(
        "10.0.1.1 8080 web1.example.com web2.example.com",
        firstCommand(
            plan(
                "{{ hostvars['db1'].ansible_host }} {{ hostvars['web1.example.com'].http_port }}"
                    + " {{ groups['web'] | join(' ') }}")));
  }

  @Test
  void membershipTestsReadAsInAnsible() throws IOException {
    assertEquals(
        "web-node",
        firstCommand(
            plan("{% if 'web' in group_names and 'db' not in group_names %}web-node{% endif %}")));
  }

  @Test
  void aTopLevelHostVariableAsAnsibleWritesItPointsToHostVars() {
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> plan("echo {{ http_port }}"));
    assertTrue(e.getMessage().contains("write {{ host.vars.http_port }}"), e.getMessage());
  }
}
