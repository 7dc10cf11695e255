package dev.rollrun.core.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import dev.rollrun.api.Phase;
import dev.rollrun.core.behaviour.ServiceBehaviour;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlanJson;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.schema.SchemaCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanLoaderTest {

  @TempDir Path dir;

  private static final String INVENTORY =
      """
      hosts:
        db-1: { address: 10.0.0.1, roles: [db] }
        db-2: { address: 10.0.0.2, roles: [db, primary] }
        web-1: { address: 10.0.0.3, roles: [web], vars: { port: 8080 } }
      """;

  private Path playbook(String body) throws IOException {
    Files.writeString(dir.resolve("inventory.yml"), INVENTORY);
    Path file = dir.resolve("playbook.yml");
    Files.writeString(file, "name: test\ninventory: inventory.yml\n" + body);
    return file;
  }

  private LoadedPlan load(Path playbook, List<String> limit, List<String> extra) {
    return new PlanLoader(SchemaCatalog.builtIn(), ServiceBehaviour.catalog(), List.of())
        .load(playbook, new PlanOptions(null, limit, extra, Map.of("TOKEN", "t0ps3cret"), dir));
  }

  private static String command(NodePlan node, Phase phase) {
    return node.steps().stream()
        .filter(s -> s.phase() == phase)
        .map(PlannedStep::describe)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void stopCommandComesFromHostThenRoleThenPlaybookThenBehaviour() throws IOException {
    Path p =
        playbook(
            """
            service:
              name: app
              stop: "app-ctl stop"
              roles:
                primary: { stop: "app-ctl stop --handover" }
              hosts:
                web-1: { stop: "web-ctl stop" }
            """);
    RolloutPlan plan = load(p, List.of(), List.of()).plan();
    List<NodePlan> nodes = plan.nodes();
    assertEquals("app-ctl stop", command(nodes.get(0), Phase.STOP));
    assertEquals("app-ctl stop --handover", command(nodes.get(1), Phase.STOP));
    assertEquals("web-ctl stop", command(nodes.get(2), Phase.STOP));
    assertEquals("sudo systemctl start app", command(nodes.get(0), Phase.START));
  }

  @Test
  void hostsSelectorAndLimitNarrowTheRoll() throws IOException {
    Path p = playbook("hosts: db\nservice: { name: app }\n");
    assertEquals(2, load(p, List.of(), List.of()).plan().nodeCount());
    RolloutPlan limited = load(p, List.of("primary"), List.of()).plan();
    assertEquals(List.of("db-2"), limited.nodes().stream().map(n -> n.host().name()).toList());
  }

  @Test
  void unknownLimitNamesTheNearestHostOrRole() throws IOException {
    Path p = playbook("service: { name: app }\n");
    UsageException e =
        assertThrows(UsageException.class, () -> load(p, List.of("primery"), List.of()));
    assertTrue(e.getMessage().contains("did you mean \"primary\""), e.getMessage());
  }

  @Test
  void secretsAreShownAsPlaceholdersButRunWithTheirValue() throws IOException {
    Files.writeString(dir.resolve("secrets.yml"), "password: hunter2\n");
    Path p =
        playbook(
            """
            service: { name: app }
            steps:
              pre-stop:
                - run: "login --password {{ vars.password }} --token {{ env.TOKEN }}"
            """);
    RolloutPlan plan = load(p, List.of(), List.of("@" + dir.resolve("secrets.yml"))).plan();
    PlannedStep.Run step = (PlannedStep.Run) plan.nodes().get(0).steps().get(0);
    assertEquals(
        "login --password <secret:password> --token <secret:TOKEN>", step.command().shown());
    assertEquals("login --password hunter2 --token t0ps3cret", step.command().actual());
    String json = PlanJson.toJson(plan, false);
    assertTrue(!json.contains("hunter2") && !json.contains("t0ps3cret"), json);
  }

  @Test
  void extraVarsOverridePlaybookVarsAndChangeTheDigest() throws IOException {
    Path p =
        playbook(
            """
            vars: { release: "1.0" }
            service: { name: app }
            steps:
              pre-stop:
                - run: "deploy {{ vars.release }}"
            """);
    RolloutPlan plain = load(p, List.of(), List.of()).plan();
    RolloutPlan overridden = load(p, List.of(), List.of("release=2.0")).plan();
    assertEquals("deploy 2.0", overridden.nodes().get(0).steps().get(0).describe());
    assertNotEquals(plain.digest(), overridden.digest());
    assertEquals(plain.digest(), load(p, List.of(), List.of()).plan().digest());
  }

  @Test
  void undefinedVariableNamesFileLineAndColumn() throws IOException {
    Path p =
        playbook(
            """
            service: { name: app }
            steps:
              pre-stop:
                - run: "echo {{ host.vars.port }}"
            """);
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> load(p, List.of(), List.of()));
    assertTrue(e.getMessage().contains("playbook.yml:6:12"), e.getMessage());
    assertTrue(e.getMessage().contains("port"), e.getMessage());
  }

  @Test
  void missingServiceNameIsReportedForTheServiceBehaviour() throws IOException {
    Path p = playbook("rollout: { batch: 1 }\n");
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> load(p, List.of(), List.of()));
    assertTrue(e.getMessage().contains("service.name is required"), e.getMessage());
  }

  @Test
  void largeFleetIsPlannedInOrderAndReportsATemplateProblemOnceForAllHosts() throws IOException {
    StringBuilder inventory = new StringBuilder("hosts:\n");
    for (int i = 1; i <= 1200; i++) {
      inventory
          .append("  n")
          .append(i)
          .append(": { address: 10.1.")
          .append(i / 250)
          .append('.')
          .append(i % 250)
          .append(", vars: { id: ")
          .append(i)
          .append(" } }\n");
    }
    Files.writeString(dir.resolve("big.yml"), inventory.toString());
    Path ok = dir.resolve("ok.yml");
    Files.writeString(
        ok,
        "name: big\ninventory: big.yml\nservice: { name: app }\nsteps:\n  pre-stop:\n"
            + "    - run: \"echo {{ host.vars.id }}\"\n");
    RolloutPlan plan = load(ok, List.of(), List.of()).plan();
    for (int i = 0; i < 1200; i++) {
      assertEquals("n" + (i + 1), plan.nodes().get(i).host().name());
      assertEquals("echo " + (i + 1), plan.nodes().get(i).steps().get(0).describe());
    }
    Path broken = dir.resolve("broken.yml");
    Files.writeString(
        broken,
        "name: big\ninventory: big.yml\nservice: { name: app }\nsteps:\n  pre-stop:\n"
            + "    - run: \"echo {{ host.vars.idd }}\"\n");
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> load(broken, List.of(), List.of()));
    assertEquals(1, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("n1, n2, n3 and 1197 more"), e.getMessage());
  }

  @Test
  void redactorHidesEverySecretsFileValueLeafByLeafNamedLikeItsPlaceholder() throws IOException {
    Files.writeString(
        dir.resolve("secrets.yml"),
        """
        db: { password: hunter2!, replicas: [r3pl1ca-one, r3pl1ca-two] }
        unused_token: never-in-a-template
        """);
    Path p = playbook("service: { name: app }\n");
    try (LoadedPlan loaded = load(p, List.of(), List.of("@" + dir.resolve("secrets.yml")))) {
      assertEquals(
          "login <secret:db.password> to <secret:db.replicas[1]>, not <secret:unused_token>",
          loaded.redactor().redact("login hunter2! to r3pl1ca-two, not never-in-a-template"));
    }
  }

  @Test
  void redactorHidesTheEnvironmentVariablesTemplatesReadAndNoOther() throws IOException {
    Path p =
        playbook(
            """
            service: { name: app }
            steps:
              pre-stop:
                - run: "curl -H 'Authorization: {{ env['API_KEY'] }}' {{ env.ENDPOINT }}"
            """);
    Map<String, String> environment =
        Map.of(
            "API_KEY", "k3y-value",
            "ENDPOINT", "https://lb.example",
            "HOME", "/home/operator",
            "EDITOR", "vim-but-long");
    try (LoadedPlan loaded =
        new PlanLoader(SchemaCatalog.builtIn(), ServiceBehaviour.catalog(), List.of())
            .load(p, new PlanOptions(null, List.of(), List.of(), environment, dir))) {
      assertEquals(
          "sent <secret:API_KEY> to <secret:ENDPOINT>; HOME=/home/operator EDITOR=vim-but-long",
          loaded
              .redactor()
              .redact(
                  "sent k3y-value to https://lb.example; HOME=/home/operator EDITOR=vim-but-long"));
    }
  }

  @Test
  void inventorySourceResolvesItsReferencesAndIsClosedWithThePlan() throws IOException {
    Path file = dir.resolve("playbook.yml");
    Files.writeString(file, "name: test\ninventory: fake:2\nservice: { name: app }\n");
    FakeSource source = new FakeSource();
    LoadedPlan loaded =
        new PlanLoader(SchemaCatalog.builtIn(), ServiceBehaviour.catalog(), List.of(source))
            .load(file, new PlanOptions(null, List.of(), List.of(), Map.of(), dir));
    assertEquals("fake:2", loaded.plan().inventorySource());
    assertEquals(List.of("f-1"), loaded.plan().nodes().stream().map(n -> n.host().name()).toList());
    assertEquals(0, source.closed);
    loaded.close();
    assertEquals(1, source.closed);
  }

  @Test
  void malformedInventorySourceReferenceIsReportedAtInventory() throws IOException {
    Path file = dir.resolve("playbook.yml");
    Files.writeString(file, "name: test\ninventory: fake:x\nservice: { name: app }\n");
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                new PlanLoader(
                        SchemaCatalog.builtIn(),
                        ServiceBehaviour.catalog(),
                        List.of(new FakeSource()))
                    .load(file, new PlanOptions(null, List.of(), List.of(), Map.of(), dir)));
    assertEquals(file.normalize() + ":2:12: \"fake:x\" is not fake:N", e.getMessage());
  }

  @Test
  void referenceNoSourceResolvesIsAFileBesideThePlaybook() throws IOException {
    Path file = dir.resolve("playbook.yml");
    Files.writeString(file, "name: test\ninventory: demo:3\nservice: { name: app }\n");
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> load(file, List.of(), List.of()));
    assertTrue(e.getMessage().contains("inventory \"demo:3\" not found"), e.getMessage());
  }

  @Test
  void digestIsTheSameHoweverThePathsAreWritten() throws IOException {
    Path p = playbook("service: { name: app }\n");
    Path inventory = dir.resolve("inventory.yml");
    Path cwd = Path.of("").toAbsolutePath();
    Path relative = cwd.relativize(p.toAbsolutePath());
    Path roundabout = dir.resolve("../" + dir.getFileName() + "/./playbook.yml");
    String digest = load(p, List.of(), List.of()).plan().digest();
    assertEquals(digest, load(relative, List.of(), List.of()).plan().digest());
    assertEquals(digest, load(roundabout, List.of(), List.of()).plan().digest());
    for (Path i : List.of(inventory, cwd.relativize(inventory.toAbsolutePath()))) {
      LoadedPlan withOption =
          new PlanLoader(SchemaCatalog.builtIn(), ServiceBehaviour.catalog(), List.of())
              .load(relative, new PlanOptions(i, List.of(), List.of(), Map.of("TOKEN", "t"), dir));
      assertEquals(digest, withOption.plan().digest(), "--inventory " + i);
    }
  }

  @Test
  void digestChangesWhenThePlaybookNamesAnotherInventory() throws IOException {
    Path p = playbook("service: { name: app }\n");
    Files.createDirectories(dir.resolve("other"));
    Files.writeString(dir.resolve("other/inventory.yml"), INVENTORY);
    String digest = load(p, List.of(), List.of()).plan().digest();
    LoadedPlan other =
        new PlanLoader(SchemaCatalog.builtIn(), ServiceBehaviour.catalog(), List.of())
            .load(
                p,
                new PlanOptions(
                    dir.resolve("other/inventory.yml"), List.of(), List.of(), Map.of(), dir));
    assertNotEquals(digest, other.plan().digest());
  }

  /** {@code fake:N}: one host, counting how often it was closed. */
  private static final class FakeSource implements InventorySource {
    int closed;

    @Override
    public boolean resolves(String reference) {
      return reference.startsWith("fake:");
    }

    @Override
    public OpenedInventory open(String reference) {
      if (!reference.matches("fake:\\d+")) {
        throw new IllegalArgumentException("\"" + reference + "\" is not fake:N");
      }
      Inventory inventory =
          new Inventory(
              reference,
              List.of(new Host("f-1", "10.9.9.9", 22, null, null, List.of(), null, null, Map.of())),
              Map.of());
      return new OpenedInventory() {
        @Override
        public Inventory inventory() {
          return inventory;
        }

        @Override
        public void close() {
          closed++;
        }
      };
    }
  }

  @Test
  void twoAliasesThatSshConfigResolvesToOneMachineAreRefused() throws IOException {
    Files.writeString(
        dir.resolve("inventory.yml"),
        """
        hosts:
          db-a: { address: db-primary }
          db-b: { address: db-old-name }
          db-c: { address: db-other }
        """);
    Path playbook = dir.resolve("playbook.yml");
    Files.writeString(playbook, "name: test\ninventory: inventory.yml\n");
    Path config = Files.createDirectories(dir.resolve(".ssh")).resolve("config");
    Files.writeString(
        config,
        """
        Host db-primary db-old-name
          HostName 10.0.0.5
        Host db-other
          HostName 10.0.0.5
          Port 2222
        """);
    PlanLoader loader =
        new PlanLoader(SchemaCatalog.builtIn(), ServiceBehaviour.catalog(), List.of())
            .routedBy(new SshHostRoutes(new dev.rollrun.core.ssh.SshTargetResolver(config, dir)));
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                loader.load(playbook, new PlanOptions(null, List.of(), List.of(), Map.of(), dir)));
    assertEquals(
        List.of(
            "inventory.yml:3:3: duplicate host: \"db-b\" connects to 10.0.0.5:22 (as ssh_config"
                + " resolves it) like \"db-a\" (line 2); list each machine once, or one would be"
                + " restarted twice"),
        e.problems().stream().map(Object::toString).map(p -> p.replace(dir + "/", "")).toList());
  }
}
