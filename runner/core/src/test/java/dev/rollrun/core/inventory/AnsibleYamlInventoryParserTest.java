package dev.rollrun.core.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rollrun.api.Host;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.yaml.YamlDocumentReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnsibleYamlInventoryParserTest {

  private final AnsibleYamlInventoryParser parser = new AnsibleYamlInventoryParser();

  private Inventory parse(String... lines) {
    String text = String.join("\n", lines);
    return parser.parse(
        new YamlDocumentReader("inventory").parse(Path.of("hosts.yml"), "hosts.yml", text));
  }

  private List<String> problems(String... lines) {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> parse(lines));
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  private static Host host(Inventory inventory, String name) {
    return inventory.host(name).orElseThrow(() -> new AssertionError("no host " + name));
  }

  private static List<String> names(Inventory inventory) {
    return inventory.hosts().stream().map(Host::name).toList();
  }

  @Test
  void connectionVariablesBecomeAddressPortUserAndIdentity() {
    Host host =
        host(
            parse(
                "all:",
                "  hosts:",
                "    kafka-1:",
                "      ansible_host: 10.0.0.1",
                "      ansible_port: 2222",
                "      ansible_user: ops",
                "      ansible_ssh_private_key_file: ~/.ssh/kafka_ed25519"),
            "kafka-1");

    assertEquals("10.0.0.1:2222", host.endpoint());
    assertEquals("ops", host.user());
    assertEquals("~/.ssh/kafka_ed25519", host.identity());
    assertEquals(Map.of(), host.vars());
  }

  @Test
  void hostWithNoVariablesIsReachedByItsNameWithSshDefaults() {
    Host host = host(parse("all:", "  hosts:", "    web1.example.com:"), "web1.example.com");

    assertEquals("web1.example.com", host.address());
    assertEquals(0, host.port());
    assertNull(host.user());
    assertNull(host.identity());
    assertEquals(List.of(), host.roles());
  }

  @Test
  void variablesKeepTheirYamlTypes() {
    Host host =
        host(
            parse(
                "kafka:",
                "  hosts:",
                "    kafka-1:",
                "      broker.id: 3",
                "      heap_gb: 1.5",
                "      big: 5000000000",
                "      tls: true",
                "      version: \"3.9\"",
                "      dirs: [/data/1, /data/2]",
                "      limits: { nofile: 100000 }",
                "      unset:",
                "      ansible_port: \"9022\""),
            "kafka-1");

    Map<String, Object> expected = new HashMap<>();
    expected.put("broker.id", 3);
    expected.put("heap_gb", 1.5);
    expected.put("big", 5_000_000_000L);
    expected.put("tls", true);
    expected.put("version", "3.9");
    expected.put("dirs", List.of("/data/1", "/data/2"));
    expected.put("limits", Map.of("nofile", 100000));
    expected.put("unset", null);
    assertEquals(expected, host.vars());
    assertEquals(9022, host.port());
  }

  @Test
  void rolesIncludeEveryAncestorGroupInTheOrderGroupsFirstAppear() {
    Inventory inventory =
        parse(
            "all:",
            "  children:",
            "    prod:",
            "      children:",
            "        frontend:",
            "          children:",
            "            web:",
            "              hosts:",
            "                web1:",
            "        db:",
            "          hosts:",
            "            db1:",
            "monitoring:",
            "  hosts:",
            "    db1:");

    assertEquals(List.of("prod", "frontend", "web"), host(inventory, "web1").roles());
    assertEquals(List.of("prod", "db", "monitoring"), host(inventory, "db1").roles());
  }

  @Test
  void hostListedInSeveralGroupsIsOneHostWithAllTheirRolesAtItsFirstPosition() {
    Inventory inventory =
        parse(
            "web:",
            "  hosts:",
            "    shared: { ansible_user: first }",
            "    web1:",
            "db:",
            "  hosts:",
            "    db1:",
            "    shared: { ansible_user: second }");

    assertEquals(List.of("shared", "web1", "db1"), names(inventory));
    assertEquals(List.of("web", "db"), host(inventory, "shared").roles());
    assertEquals("second", host(inventory, "shared").user());
    assertEquals(new SourcePosition("hosts.yml", 3, 5), inventory.positionOf("shared"));
  }

  @Test
  void hostVariablesOverrideChildGroupOverrideParentGroupOverrideAll() {
    Inventory inventory =
        parse(
            "all:",
            "  vars: { level: all, from_all: 1 }",
            "  children:",
            "    prod:",
            "      vars: { level: prod, from_prod: 2 }",
            "      children:",
            "        web:",
            "          vars: { level: web }",
            "          hosts:",
            "            web1:",
            "            web2: { level: host }");

    assertEquals(
        Map.of("level", "web", "from_all", 1, "from_prod", 2), host(inventory, "web1").vars());
    assertEquals("host", host(inventory, "web2").vars().get("level"));
  }

  @Test
  void groupVariablesApplyByDepthNotByOrderInTheFile() {
    Inventory inventory =
        parse(
            "web:",
            "  hosts: { web1: }",
            "  vars: { tier: web }",
            "prod:",
            "  vars: { tier: prod }",
            "  children: { web: }");

    assertEquals("web", host(inventory, "web1").vars().get("tier"));
  }

  @Test
  void rangesAndPortsInHostNamesExpandAsInAnsible() {
    Inventory inventory =
        parse(
            "all:",
            "  hosts:",
            "    web[01:03]:",
            "      ansible_user: deploy",
            "    db-[a:b]:2201:",
            "    \"fe80::1\":");

    assertEquals(List.of("web01", "web02", "web03", "db-a", "db-b", "fe80::1"), names(inventory));
    assertEquals("deploy", host(inventory, "web02").user());
    assertEquals("db-b:2201", host(inventory, "db-b").endpoint());
    assertEquals(new SourcePosition("hosts.yml", 3, 5), inventory.positionOf("web03"));
  }

  @Test
  void wrongTypesAreReportedWhereTheyAreWritten() {
    assertEquals(
        List.of(
            "hosts.yml:3:5: hosts of group \"web\" must be a mapping of host names, not a list"
                + " (write \"web1:\", not \"- web1\")",
            "hosts.yml:5:9: vars of group \"db\" must be a mapping, not the text \"x=1\"",
            "hosts.yml:7:10: host \"db1\" must map to its variables or to nothing, not the text"
                + " \"10.0.0.1\"",
            "hosts.yml:8:8: group \"cache\" must be a mapping of hosts, vars and children, not a"
                + " list",
            "hosts.yml:9:20: children of group \"queue\" must be a mapping of group names, not a"
                + " list"),
        problems(
            "web:",
            "  hosts:",
            "    - web1",
            "db:",
            "  vars: x=1",
            "  hosts:",
            "    db1: 10.0.0.1",
            "cache: [c1]",
            "queue: { children: [kafka] }"));
  }

  @Test
  void unknownKeyInAGroupIsReportedWithTheClosestKey() {
    assertEquals(
        List.of(
            "hosts.yml:4:7: unknown key \"hots\" in group \"web\"; a group has hosts, vars and"
                + " children (did you mean \"hosts\"?)"),
        problems("all:", "  children:", "    web:", "      hots:", "        web1:"));
  }

  @Test
  void badPortsAndRangesAreReportedWhereTheyAreWritten() {
    assertEquals(
        List.of(
            "hosts.yml:3:5: bad host range in \"web[3:1]\": the start 3 is after the end 1",
            "hosts.yml:4:5: port \"0\" in \"web9:0\" is not a port number (1 to 65535)",
            "hosts.yml:5:28: ansible_port 70000 is not a port number (1 to 65535)",
            "hosts.yml:7:19: ansible_port \"ssh\" is not a port number (1 to 65535)",
            "hosts.yml:8:19: ansible_user must be text, not a list"),
        problems(
            "all:",
            "  hosts:",
            "    web[3:1]:",
            "    web9:0:",
            "    web10: { ansible_port: 70000 }",
            "  vars:",
            "    ansible_port: ssh",
            "    ansible_user: [a, b]",
            "  children: { db: { hosts: { db1: } } }"));
  }

  @Test
  void cycleInChildrenIsReportedWhereItCloses() {
    assertEquals(
        List.of(
            "hosts.yml:5:9: group \"b\" lists child group \"a\", which makes a cycle: a -> b -> a"),
        problems(
            "a:",
            "  children:",
            "    b:",
            "      children:",
            "        a:",
            "      hosts: { b1: }"));
  }

  @Test
  void groupListingAllAsAChildIsReported() {
    assertEquals(
        List.of(
            "hosts.yml:3:5: group \"web\" lists \"all\" as a child group; every group is already"
                + " inside \"all\""),
        problems("web:", "  children:", "    all:"));
  }

  @Test
  void inventoryPluginConfigurationIsRefusedWithAnExplanation() {
    assertEquals(
        List.of(
            "hosts.yml:1:1: \"plugin: amazon.aws.aws_ec2\" configures an Ansible inventory"
                + " plugin; rollrun reads static inventories only"),
        problems("plugin: amazon.aws.aws_ec2"));
  }

  @Test
  void inventoryThatIsNotAMappingIsReported() {
    assertEquals(
        List.of(
            "hosts.yml:1:1: an Ansible inventory is a mapping of group names (usually \"all:\"),"
                + " not a list"),
        problems("- web1", "- web2"));
  }

  @Test
  void exampleInventoryDescribesTheSameFleetAsTheIniExample() throws IOException {
    Path yml = Path.of("../../inventory/ansible-hosts.yml");
    Inventory yaml =
        parser.parse(new YamlDocumentReader("inventory").read(yml, "ansible-hosts.yml"));
    Inventory ini =
        new AnsibleIniInventoryParser()
            .parse(
                "ansible-hosts.ini",
                Files.readString(Path.of("../../inventory/ansible-hosts.ini")));

    assertEquals(names(ini), names(yaml));
    for (Host expected : ini.hosts()) {
      Host actual = host(yaml, expected.name());
      assertEquals(expected.endpoint(), actual.endpoint(), expected.name());
      assertEquals(expected.user(), actual.user(), expected.name());
      // Roles follow the order groups first appear, which differs between the two files.
      assertEquals(Set.copyOf(expected.roles()), Set.copyOf(actual.roles()), expected.name());
      assertEquals(expected.vars().keySet(), actual.vars().keySet(), expected.name());
    }
    Host canary = host(yaml, "web-canary");
    assertEquals(8080, canary.vars().get("http_port"));
    assertEquals(true, canary.vars().get("canary"));
    assertEquals(List.of("shop", "web"), canary.roles());
  }
}
