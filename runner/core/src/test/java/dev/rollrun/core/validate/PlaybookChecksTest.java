package dev.rollrun.core.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rollrun.api.Host;
import dev.rollrun.core.behaviour.ServiceBehaviour;
import dev.rollrun.core.config.Playbook;
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

class PlaybookChecksTest {

  private static final Inventory INVENTORY =
      new Inventory(
          "web.yml",
          List.of(
              new Host("web-1", "10.0.0.1", 22, null, null, List.of("web"), null, null, Map.of()),
              new Host("db-1", "10.0.0.2", 22, null, null, List.of("db"), null, null, Map.of())),
          Map.of());

  private static Playbook playbook(String... lines) {
    return new PlaybookReader(SchemaCatalog.builtIn())
        .read(
            new YamlDocumentReader("playbook")
                .parse(Path.of("p.yml"), "p.yml", String.join("\n", lines) + "\n"));
  }

  private static List<String> check(Playbook playbook) {
    return PlaybookChecks.check(playbook, INVENTORY, new ServiceBehaviour()).stream()
        .map(ConfigProblem::toString)
        .toList();
  }

  @Test
  void unknownClusterBehaviourSuggestsTheClosestAndListsEveryOne() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () ->
                PlaybookChecks.behaviour(
                    playbook("name: r", "cluster: servise"), ServiceBehaviour.catalog()));
    assertEquals(
        "p.yml:2:10: unknown cluster behaviour \"servise\" (did you mean \"service\"?);"
            + " available: service",
        e.getMessage());
  }

  @Test
  void everyProblemWithTheInventoryIsReportedAtOnce() {
    assertEquals(
        List.of(
            "p.yml:2:8: hosts: no host or role named \"wbe\" in web.yml (did you mean \"web\"?)",
            "p.yml:3:32: service.roles names role \"dbs\", which no host of web.yml has (did you"
                + " mean \"db\"?)",
            "p.yml:3:61: service.hosts names host \"web-9\", which is not in web.yml (did you mean"
                + " \"web-1\"?)"),
        check(
            playbook(
                "name: r",
                "hosts: wbe",
                "service: { name: app, roles: { dbs: { stop: x } }, hosts: { web-9: { stop: y } } }")));
  }

  @Test
  void serviceBehaviourNeedsAServiceNameForItsDefaultCommands() {
    assertEquals(
        List.of(
            "p.yml:2:1: service.name is required: the service behaviour stops, starts and checks"
                + " the service by that name (or set service.stop, service.start and health"
                + " yourself)"),
        check(playbook("name: r", "service: { stop: x }")));
    assertEquals(
        List.of(),
        check(
            playbook(
                "name: r",
                "service: { stop: x, start: y }",
                "health: { all: [ { tcp: { port: 80 } } ] }")));
  }

  @Test
  void healthWithoutConditionsKeepsTheDefaultConditionsAndNeedsTimingThatCanPass() {
    assertEquals(
        List.of(),
        check(playbook("name: r", "service: { name: app }", "health: { consecutive: 12 }")));
    assertEquals(
        List.of(
            "p.yml:3:1: health: with cluster service's default conditions, 100 healthy checks 5s"
                + " apart cannot pass within the timeout 5m; make timeout at least 8m15s"),
        check(playbook("name: r", "service: { name: app }", "health: { consecutive: 100 }")));
    assertEquals(
        List.of(
            "p.yml:2:1: service.name is required: the service behaviour stops, starts and checks"
                + " the service by that name (or set service.stop, service.start and health"
                + " yourself)"),
        check(playbook("name: r", "service: { stop: x, start: y }", "health: { interval: 1s }")));
  }

  @Test
  void healthWithoutConditionsNeedsABehaviourWithADefaultHealth() {
    Playbook playbook =
        playbook("name: r", "service: { stop: x, start: y }", "health: { interval: 1s }");
    dev.rollrun.api.ClusterBehaviour bare =
        new dev.rollrun.api.ClusterBehaviour() {
          @Override
          public String id() {
            return "bare";
          }

          @Override
          public String defaultStopCommand() {
            return "stop";
          }

          @Override
          public String defaultStartCommand() {
            return "start";
          }
        };
    assertEquals(
        List.of(
            "p.yml:3:1: health: no conditions, and cluster bare has no default health whose"
                + " conditions it could keep; add all: or any: with at least one command:, tcp:,"
                + " http: or jmx: condition"),
        PlaybookChecks.check(playbook, INVENTORY, bare).stream()
            .map(ConfigProblem::toString)
            .toList());
  }

  @Test
  void serviceNameTheDefaultCommandsCannotPassSafelyIsRefused() {
    for (String name : List.of("nginx; reboot", "my app", "`id`", "$(id)", "-h", "a\\b")) {
      assertEquals(
          List.of(
              "p.yml:2:18: service.name \""
                  + name
                  + "\" is not a service name the service behaviour can use: its default commands"
                  + " pass it to a shell as one word (systemctl stop <name>); use letters, digits"
                  + " and @ . _ : - only, not starting with - (or set service.stop, service.start"
                  + " and health yourself)"),
          check(playbook("name: r", "service: { name: \"" + name.replace("\\", "\\\\") + "\" }")),
          name);
    }
  }

  @Test
  void serviceNameOfAUnitIsAcceptedAndAnyNameWhenTheCommandsAreThePlaybooksOwn() {
    assertEquals(List.of(), check(playbook("name: r", "service: { name: app@blue.service }")));
    assertEquals(
        List.of(),
        check(
            playbook(
                "name: r",
                "service: { name: \"my app\", stop: \"stop 'my app'\", start: \"start 'my app'\" }",
                "health: { all: [ { tcp: { port: 80 } } ] }")));
  }
}
