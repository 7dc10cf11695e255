package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Ansible inventory corpus ({@code tests/src/test/resources/ansible-corpus/}), judged by the
 * real tool: for every inventory, {@code ansible-inventory --list} (and {@code --host} for its
 * first host) against {@code rollrun inventory --list}. Each host's effective address, port, user
 * and identity file (Ansible's ssh plugin rules: {@code ansible_ssh_*} wins, the address defaults
 * to the host's name), its groups and every variable must be the same. A case with a {@code
 * refused} file is one rollrun refuses: it must exit 2 with that message, naming file:line:column.
 *
 * <p>The corpus was written from Ansible's documentation (the inventory guide, variable precedence,
 * INI typing), not from rollrun's behaviour. {@code ansible-inventory} must be installed ({@code
 * apt-get install -y ansible-core}; CI does): without it this test fails.
 */
class AnsibleInventoryCorpusTest {

  static final Path CORPUS = Path.of("tests/src/test/resources/ansible-corpus");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, List<String>> CONNECTION =
      Map.of(
          "address", List.of("ansible_host", "ansible_ssh_host"),
          "port", List.of("ansible_port", "ansible_ssh_port"),
          "user", List.of("ansible_user", "ansible_ssh_user"),
          "identity", List.of("ansible_private_key_file", "ansible_ssh_private_key_file"));

  private static final AtomicInteger IDENTICAL = new AtomicInteger();
  private static final AtomicInteger REFUSED = new AtomicInteger();
  private static final AtomicInteger DIFFERENT = new AtomicInteger();

  @TempDir static Path emptyWorkingDirectory;

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(CORPUS)) {
      return dirs
          .filter(Files::isDirectory)
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @BeforeAll
  static void ansibleInventoryIsInstalled() {
    if (!onPath("ansible-inventory")) {
      fail(
          "ansible-inventory is not installed, and it is the judge of this test:"
              + " apt-get install -y ansible-core (.ci/run installs it)");
    }
  }

  @AfterAll
  static void printCounts() {
    System.out.printf(
        "ansible-inventory corpus: %d identical, %d refused clearly, %d different%n",
        IDENTICAL.get(), REFUSED.get(), DIFFERENT.get());
  }

  @Test
  void corpusHasAtLeast30Inventories() throws IOException {
    assertTrue(cases().count() >= 30, "inventories: " + cases().count());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rollrunReadsTheInventoryAsAnsibleInventoryDoes(String name) throws Exception {
    Path caseDir = CORPUS.resolve(name);
    Path source = source(caseDir);
    Path refused = caseDir.resolve("refused");
    BrokenInputCorpusTest.Outcome rollrun =
        BrokenInputCorpusTest.run(List.of("inventory", "-i", source.toString(), "--list"));
    if (Files.exists(refused)) {
      String expected = caseDir + "/" + Files.readString(refused, StandardCharsets.UTF_8).strip();
      assertEquals(2, rollrun.exitCode(), rollrun.stderr());
      assertTrue(
          rollrun.stderr().contains(expected), "expected " + expected + " in\n" + rollrun.stderr());
      assertTrue(rollrun.stderr().lines().noneMatch(l -> l.contains("\tat ")), rollrun.stderr());
      REFUSED.incrementAndGet();
      return;
    }
    assertEquals(0, rollrun.exitCode(), rollrun.stderr());
    JsonNode ours = JSON.readTree(rollrun.stdout());
    JsonNode theirs = JSON.readTree(ansibleInventory(source, "--list"));
    try {
      compare(theirs, ours);
      String first = ours.get("hosts").fieldNames().next();
      JsonNode host = JSON.readTree(ansibleInventory(source, "--host", first));
      assertEquals(host, variables(ours.get("hosts").get(first)), "--host " + first + " vars");
    } catch (AssertionError e) {
      DIFFERENT.incrementAndGet();
      throw e;
    }
    IDENTICAL.incrementAndGet();
  }

  /** Every host, its groups, its variables and its effective connection settings. */
  private static void compare(JsonNode ansible, JsonNode rollrun) {
    Map<String, Set<String>> groups = groupsByHost(ansible);
    JsonNode hostvars = ansible.path("_meta").path("hostvars");
    JsonNode ourHosts = rollrun.get("hosts");
    assertEquals(
        new TreeSet<>(groups.keySet()),
        new TreeSet<>(names(ourHosts)),
        "the hosts of the inventory");
    for (String host : groups.keySet()) {
      JsonNode ours = ourHosts.get(host);
      JsonNode vars = hostvars.has(host) ? hostvars.get(host) : JSON.createObjectNode();
      assertEquals(groups.get(host), new TreeSet<>(texts(ours.get("groups"))), host + " groups");
      assertEquals(vars, variables(ours), host + " vars");
      JsonNode settings = ours.get("inventory");
      assertEquals(
          effective(vars, "address", host), text(settings.get("address").get("value")), host);
      assertEquals(
          effective(vars, "port", null), text(settings.get("port").get("value")), host + " port");
      assertEquals(
          effective(vars, "user", null), text(settings.get("user").get("value")), host + " user");
      assertEquals(
          effective(vars, "identity", null),
          text(settings.get("identity").get("value")),
          host + " identity");
    }
  }

  /** Ansible's ssh plugin: the last of the setting's variables that is set, as text. */
  private static String effective(JsonNode vars, String setting, String fallback) {
    String found = fallback;
    for (String name : CONNECTION.get(setting)) {
      JsonNode value = vars.get(name);
      if (value != null && !value.isNull()) {
        found = value.isTextual() ? value.textValue() : value.toString();
      }
    }
    return found;
  }

  private static JsonNode variables(JsonNode host) {
    var vars = JSON.createObjectNode();
    host.get("vars").properties().forEach(e -> vars.set(e.getKey(), e.getValue().get("value")));
    return vars;
  }

  /** Each host's groups (but all and ungrouped) from the --list tree, children included. */
  private static Map<String, Set<String>> groupsByHost(JsonNode list) {
    Map<String, Set<String>> byHost = new TreeMap<>();
    for (String group : names(list)) {
      if (group.equals("_meta")) {
        continue;
      }
      for (String host : members(list, group, new LinkedHashSet<>())) {
        Set<String> groups = byHost.computeIfAbsent(host, h -> new TreeSet<>());
        if (!group.equals("all") && !group.equals("ungrouped")) {
          groups.add(group);
        }
      }
    }
    return byHost;
  }

  private static Set<String> members(JsonNode list, String group, Set<String> visiting) {
    Set<String> hosts = new TreeSet<>();
    if (!visiting.add(group)) {
      return hosts;
    }
    JsonNode node = list.path(group);
    hosts.addAll(texts(node.path("hosts")));
    for (String child : texts(node.path("children"))) {
      hosts.addAll(members(list, child, visiting));
    }
    return hosts;
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
      texts.add(it.next().asText());
    }
    return texts;
  }

  private static String text(JsonNode value) {
    if (value == null || value instanceof NullNode) {
      return null;
    }
    return value.isTextual() ? value.textValue() : value.toString();
  }

  /** The inventory of a case: its {@code inventory} directory, or its one inventory file. */
  static Path source(Path caseDir) throws IOException {
    if (Files.isDirectory(caseDir.resolve("inventory"))) {
      return caseDir.resolve("inventory");
    }
    try (Stream<Path> entries = Files.list(caseDir)) {
      List<Path> files =
          entries
              .filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().equals("refused"))
              .toList();
      assertEquals(1, files.size(), caseDir + " holds one inventory file: " + files);
      return files.get(0);
    }
  }

  private static String ansibleInventory(Path source, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("ansible-inventory", "-i"));
    command.add(source.toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(emptyWorkingDirectory.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("ANSIBLE_NOCOLOR", "1");
    builder.environment().put("ANSIBLE_INVENTORY_UNPARSED_FAILED", "1");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "ansible-inventory timed out");
    assertEquals(0, process.exitValue(), "ansible-inventory " + command + " failed:\n" + out);
    return out;
  }

  static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
