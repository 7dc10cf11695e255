package dev.rollrun.core.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rollrun.api.Host;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.SourcePosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnsibleIniInventoryParserTest {

  private final AnsibleIniInventoryParser parser = new AnsibleIniInventoryParser();

  private Inventory parse(String... lines) {
    return parser.parse("hosts.ini", String.join("\n", lines));
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
                "[kafka]",
                "kafka-1 ansible_host=10.0.0.1 ansible_port=2222 ansible_user=ops"
                    + " ansible_ssh_private_key_file=~/.ssh/kafka_ed25519 broker_id=1"),
            "kafka-1");

    assertEquals("10.0.0.1", host.address());
    assertEquals(2222, host.port());
    assertEquals("ops", host.user());
    assertEquals("~/.ssh/kafka_ed25519", host.identity());
    assertEquals(Map.of("broker_id", 1), host.vars());
  }

  @Test
  void hostWithoutConnectionVariablesIsReachedByItsNameWithSshDefaults() {
    Host host = host(parse("[web]", "web1.example.com"), "web1.example.com");

    assertEquals("web1.example.com", host.address());
    assertEquals(0, host.port());
    assertNull(host.user());
    assertNull(host.identity());
    assertEquals("web1.example.com", host.endpoint());
  }

  @Test
  void olderSshSpellingsOfConnectionVariablesAreRead() {
    Host host =
        host(
            parse("legacy ansible_ssh_host=10.0.0.5 ansible_ssh_port=2200 ansible_ssh_user=root"),
            "legacy");

    assertEquals("10.0.0.5:2200", host.endpoint());
    assertEquals("root", host.user());
    assertEquals(Map.of(), host.vars());
  }

  @Test
  void olderSshSpellingWinsOverTheNewerOneAsInAnsiblesSshPlugin() {
    Host host =
        host(
            parse(
                "h ansible_ssh_host=10.0.0.5 ansible_host=10.0.0.6 ansible_port=22"
                    + " ansible_ssh_port=2200 ansible_user=a ansible_ssh_user=b"),
            "h");

    assertEquals("10.0.0.5:2200", host.endpoint());
    assertEquals("b", host.user());
  }

  @Test
  void portAfterTheHostNameSetsThePortAndALineVariableOverridesIt() {
    Inventory inventory = parse("[web]", "web1:2201", "web2:2202 ansible_port=2302");

    assertEquals(2201, host(inventory, "web1").port());
    assertEquals(2302, host(inventory, "web2").port());
  }

  @Test
  void hostsBeforeAnySectionAreUngroupedAndHaveNoRoles() {
    Inventory inventory = parse("bastion", "", "[web]", "web1");

    assertEquals(List.of("bastion", "web1"), names(inventory));
    assertEquals(List.of(), host(inventory, "bastion").roles());
    assertEquals(List.of("web"), host(inventory, "web1").roles());
  }

  @Test
  void rolesIncludeEveryAncestorGroupInTheOrderGroupsFirstAppear() {
    Inventory inventory =
        parse(
            "[web]",
            "web1",
            "[frontend:children]",
            "web",
            "[prod:children]",
            "frontend",
            "db",
            "[db]",
            "db1",
            "[all:children]",
            "prod");

    assertEquals(List.of("web", "frontend", "prod"), host(inventory, "web1").roles());
    assertEquals(List.of("prod", "db"), host(inventory, "db1").roles());
  }

  @Test
  void hostListedInSeveralGroupsIsOneHostWithAllTheirRolesAtItsFirstPosition() {
    Inventory inventory = parse("[web]", "shared", "web1", "[db]", "db1", "shared");

    assertEquals(List.of("shared", "web1", "db1"), names(inventory));
    assertEquals(List.of("web", "db"), host(inventory, "shared").roles());
    assertEquals(new SourcePosition("hosts.ini", 2, 1), inventory.positionOf("shared"));
    assertEquals(new SourcePosition("hosts.ini", 5, 1), inventory.positionOf("db1"));
  }

  @Test
  void hostVariablesOverrideChildGroupOverrideParentGroupOverrideAll() {
    Inventory inventory =
        parse(
            "[all:vars]",
            "level=all",
            "from_all=yes",
            "[prod:vars]",
            "level=prod",
            "from_prod=yes",
            "[web:vars]",
            "level=web",
            "[prod:children]",
            "web",
            "[web]",
            "web1",
            "web2 level=host");

    assertEquals(
        Map.of("level", "web", "from_all", "yes", "from_prod", "yes"),
        host(inventory, "web1").vars());
    assertEquals("host", host(inventory, "web2").vars().get("level"));
  }

  @Test
  void groupVariablesApplyByDepthNotByOrderInTheFile() {
    // web is deeper than prod, so its vars win even though prod's come later in the file.
    Inventory inventory =
        parse(
            "[web]",
            "web1",
            "[web:vars]",
            "tier=web",
            "[prod:children]",
            "web",
            "[prod:vars]",
            "tier=prod");

    assertEquals("web", host(inventory, "web1").vars().get("tier"));
  }

  @Test
  void siblingGroupsOfEqualDepthApplyInNameOrder() {
    // Ansible sorts groups of equal depth by name: zeta's vars come last and win.
    Inventory inventory =
        parse(
            "[zeta]",
            "h1",
            "[alpha]",
            "h1",
            "[zeta:vars]",
            "owner=zeta",
            "[alpha:vars]",
            "owner=alpha");

    assertEquals("zeta", host(inventory, "h1").vars().get("owner"));
  }

  @Test
  void groupPriorityDecidesBetweenGroupsOfEqualDepth() {
    Inventory inventory =
        parse(
            "[alpha]",
            "h1",
            "[zeta]",
            "h1",
            "[alpha:vars]",
            "owner=alpha",
            "ansible_group_priority=10",
            "[zeta:vars]",
            "owner=zeta");

    assertEquals(Map.of("owner", "alpha"), host(inventory, "h1").vars());
  }

  @Test
  void ungroupedVarsApplyOnlyToHostsInNoOtherGroup() {
    Inventory inventory =
        parse("lonely", "both", "[web]", "both", "[ungrouped:vars]", "stray=true");

    assertEquals(Map.of("stray", "true"), host(inventory, "lonely").vars());
    assertEquals(Map.of(), host(inventory, "both").vars());
  }

  @Test
  void numericRangeExpandsInOrderKeepingLeadingZeros() {
    Inventory inventory = parse("[web]", "web[08:11].example.com ansible_user=deploy");

    assertEquals(
        List.of("web08.example.com", "web09.example.com", "web10.example.com", "web11.example.com"),
        names(inventory));
    assertEquals("deploy", host(inventory, "web10.example.com").user());
    assertEquals(new SourcePosition("hosts.ini", 2, 1), inventory.positionOf("web11.example.com"));
  }

  @Test
  void rangesWithoutPaddingStepsLettersAndSeveralRangesExpandAsAnsibleDoes() {
    assertEquals(List.of("n8", "n9", "n10"), names(parse("n[8:10]")));
    assertEquals(List.of("n1", "n3", "n5"), names(parse("n[1:5:2]")));
    assertEquals(List.of("n0", "n1"), names(parse("n[:1]")));
    assertEquals(List.of("db-a", "db-b", "db-c"), names(parse("db-[a:c]")));
    assertEquals(List.of("r1-a", "r1-b", "r2-a", "r2-b"), names(parse("r[1:2]-[a:b]")));
  }

  @Test
  void quotedValuesKeepSpacesAndHashesAndTrailingCommentsAreIgnored() {
    Inventory inventory =
        parse(
            "; a semicolon comment",
            "[web] # the web tier",
            "  # an indented comment",
            "web1 motd=\"hello world\" secret='p#ss w0rd' path=a\\ b # trailing comment",
            "[web:vars]",
            "greeting = \"good morning\"  # trailing comment",
            "quote = 'say \"hi\"'",
            "color=blue#green");

    assertEquals(
        Map.of(
            "motd", "hello world",
            "secret", "p#ss w0rd",
            "path", "a b",
            "greeting", "good morning",
            "quote", "say \"hi\"",
            "color", "blue#green"),
        host(inventory, "web1").vars());
  }

  @Test
  void emptyInventoryHasNoHosts() {
    assertEquals(List.of(), parse("# nothing yet", "").hosts());
  }

  @Test
  void childGroupThatIsNotDefinedIsReportedWithTheClosestName() {
    assertEquals(
        List.of(
            "hosts.ini:7:1: group \"dbs\" lists child group \"dbz\", which is not defined"
                + " (did you mean \"db\"?)"),
        problems("[web]", "web1", "[db]", "db1", "", "[dbs:children]", "dbz"));
  }

  @Test
  void childGroupMayBeDefinedFurtherDown() {
    Inventory inventory = parse("[prod:children]", "web", "[web]", "web1");

    assertEquals(List.of("prod", "web"), host(inventory, "web1").roles());
  }

  @Test
  void cycleInChildrenIsReportedWhereItCloses() {
    assertEquals(
        List.of(
            "hosts.ini:6:1: group \"c\" lists child group \"a\", which makes a cycle: a -> b -> c -> a"),
        problems("[a:children]", "b", "[b:children]", "c", "[c:children]", "a"));
  }

  @Test
  void groupListingItselfOrAllAsAChildIsReported() {
    assertEquals(
        List.of(
            "hosts.ini:2:3: group \"a\" lists itself as a child group",
            "hosts.ini:3:1: group \"a\" lists \"all\" as a child group;"
                + " every group is already inside \"all\""),
        problems("[a:children]", "  a", "all"));
  }

  @Test
  void malformedSectionHeadersAreReportedAndTheirLinesSkipped() {
    assertEquals(
        List.of(
            "hosts.ini:1:1: malformed section header \"[web\"; expected [group], [group:vars]"
                + " or [group:children], without spaces",
            "hosts.ini:3:1: malformed section header \"[web servers]\"; expected [group],"
                + " [group:vars] or [group:children], without spaces",
            "hosts.ini:5:6: section [web:chidren] is neither :vars nor :children"
                + " (did you mean \"children\"?)"),
        problems("[web", "web1 not=checked oops", "[web servers]", "web2", "[web:chidren]", "db"));
  }

  @Test
  void hostVariableThatIsNotKeyEqualsValueIsReported() {
    assertEquals(
        List.of(
            "hosts.ini:2:6: expected key=value after host \"web1\", found \"ansible_user\"",
            "hosts.ini:3:6: expected key=value after host \"web2\", found \"=deploy\"",
            "hosts.ini:4:1: expected a host name, found \"http_port=80\""
                + " (is a [web:vars] header missing?)",
            "hosts.ini:5:11: unclosed \" quote in a variable of host \"web3\""),
        problems(
            "[web]",
            "web1 ansible_user deploy=x",
            "web2 =deploy",
            "http_port=80",
            "web3 motd=\"hi"));
  }

  @Test
  void badHostRangesAreReported() {
    assertEquals(
        List.of(
            "hosts.ini:2:1: bad host range in \"web[3:1]\": the start 3 is after the end 1",
            "hosts.ini:3:1: bad host range in \"web[01:100]\": the zero-padded start \"01\" and"
                + " the end \"100\" must have the same width",
            "hosts.ini:4:1: bad host range in \"web[1:c]\": \"1\" and \"c\" must both be numbers"
                + " or both be single letters",
            "hosts.ini:5:1: bad host range in \"web[1-3]\": a range is [start:end] or"
                + " [start:end:step]",
            "hosts.ini:6:1: bad host range in \"web[1:3\": a \"[\" without its \"]\"",
            "hosts.ini:7:1: bad host range in \"db-[c:a]\": the start \"c\" comes after the end"
                + " \"a\"",
            "hosts.ini:8:1: bad host range in \"web[1:5:0]\": the step \"0\" is not a positive"
                + " whole number",
            "hosts.ini:9:1: bad host range in \"web[0:99999]\": it names more than 10000 hosts"),
        problems(
            "[web]",
            "web[3:1]",
            "web[01:100]",
            "web[1:c]",
            "web[1-3]",
            "web[1:3",
            "db-[c:a]",
            "web[1:5:0]",
            "web[0:99999]"));
  }

  @Test
  void badPortsAreReportedWhereTheyAreWritten() {
    assertEquals(
        List.of(
            "hosts.ini:2:1: port \"70000\" in \"web1:70000\" is not a port number (1 to 65535)",
            "hosts.ini:3:19: ansible_port \"ssh\" is not a port number (1 to 65535)",
            "hosts.ini:7:14: ansible_port 0 is not a port number (1 to 65535)"),
        problems(
            "[web]",
            "web1:70000",
            "web2 ansible_port=ssh",
            "[db]",
            "db1",
            "[db:vars]",
            "ansible_port=0"));
  }

  @Test
  void varsLineWithoutEqualsAndVarsForAnUndefinedGroupAreReported() {
    assertEquals(
        List.of(
            "hosts.ini:4:1: expected key=value in [web:vars], found \"http_port 8080\"",
            "hosts.ini:5:1: section [wbe:vars] is for group \"wbe\", which is not defined"
                + " (did you mean \"web\"?)"),
        problems("[web]", "web1", "[web:vars]", "http_port 8080", "[wbe:vars]", "x=1"));
  }

  @Test
  void everyProblemInTheFileIsReportedAtOnce() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> parse("[web]", "web[2:1]", "web1 ansible_port=x", "[web:children]", "nope"));

    assertEquals(3, e.problems().size());
    assertEquals(
        String.join(System.lineSeparator(), e.problems().stream().map(Object::toString).toList()),
        e.getMessage());
  }

  @Test
  void exampleInventoryDescribesTheShopFleet() throws IOException {
    Path file = Path.of("../../inventory/ansible-hosts.ini");
    Inventory inventory = parser.parse("ansible-hosts.ini", Files.readString(file));

    assertEquals(
        List.of(
            "web01.shop.internal",
            "web02.shop.internal",
            "web03.shop.internal",
            "web-canary",
            "db-primary",
            "db-replica"),
        names(inventory));
    Host web02 = host(inventory, "web02.shop.internal");
    assertEquals("web02.shop.internal", web02.endpoint());
    assertEquals("deploy", web02.user());
    assertEquals(List.of("web", "shop"), web02.roles());
    assertEquals(
        Map.of("environment", "production", "service_name", "nginx", "http_port", 8080),
        web02.vars());
    assertEquals("127.0.1.14:2222", host(inventory, "web-canary").endpoint());
    Host replica = host(inventory, "db-replica");
    assertEquals("127.0.1.22", replica.endpoint());
    assertEquals("dba", replica.user());
    assertEquals(List.of("db", "shop"), replica.roles());
    assertEquals("replica", replica.vars().get("pg_role"));
  }
}
