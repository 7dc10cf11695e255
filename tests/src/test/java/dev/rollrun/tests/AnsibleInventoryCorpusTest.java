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
 * <p>A host with {@code ansible_ssh_args}, {@code ansible_ssh_common_args} or {@code
 * ansible_ssh_extra_args} is also judged by OpenSSH: {@code ssh -G} given the command line
 * Ansible's ssh connection plugin builds ({@code ansible_ssh_args}, then its own {@code -o Port=},
 * {@code -o IdentityFile=}, {@code -o User=}, then {@code ansible_ssh_common_args} and {@code
 * ansible_ssh_extra_args}) must agree with what {@code rollrun inventory} says SSH connects to: the
 * host name, port, user, identity files, {@code ProxyJump}, {@code ProxyCommand}, {@code
 * HostKeyAlias} and {@code UserKnownHostsFile}.
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
  private static final AtomicInteger ROUTES = new AtomicInteger();
  private static final List<String> SSH_ARGS =
      List.of("ansible_ssh_args", "ansible_ssh_common_args", "ansible_ssh_extra_args");

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
        "ansible-inventory corpus: %d identical, %d refused clearly, %d different"
            + " (%d hosts' ssh arguments also judged by ssh -G)%n",
        IDENTICAL.get(), REFUSED.get(), DIFFERENT.get(), ROUTES.get());
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
      compareRoutes(theirs, ours);
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

  /**
   * For every host with ssh arguments: {@code ssh -G} on the command line Ansible would run against
   * rollrun's SSH side of the host.
   */
  private static void compareRoutes(JsonNode ansible, JsonNode rollrun) throws Exception {
    JsonNode hostvars = ansible.path("_meta").path("hostvars");
    for (String host : names(hostvars)) {
      JsonNode vars = hostvars.get(host);
      if (SSH_ARGS.stream().noneMatch(vars::has)) {
        continue;
      }
      Map<String, List<String>> ssh = sshG(ansibleCommandLine(host, vars));
      JsonNode settings = rollrun.get("hosts").get(host).get("ssh").get("settings");
      String hostname = one(ssh, "hostname");
      String port = one(ssh, "port");
      String user = one(ssh, "user");
      assertEquals(hostname, value(settings, "hostname"), host + " hostname");
      assertEquals(port, value(settings, "port"), host + " port");
      assertEquals(user, value(settings, "user"), host + " user");
      assertEquals(
          ssh.containsKey("proxyjump") ? one(ssh, "proxyjump") : null,
          value(settings, "proxyjump"),
          host + " proxyjump");
      String proxyCommand = ssh.containsKey("proxycommand") ? one(ssh, "proxycommand") : null;
      assertEquals(
          proxyCommand == null || proxyCommand.equals("none")
              ? null
              : proxyCommand
                  .replace("%h", hostname)
                  .replace("%p", port)
                  .replace("%r", user)
                  .replace("%n", effective(vars, "address", host)),
          value(settings, "proxycommand"),
          host + " proxycommand");
      assertEquals(
          ssh.containsKey("hostkeyalias") ? one(ssh, "hostkeyalias") : null,
          value(settings, "hostkeyalias"),
          host + " hostkeyalias");
      for (String files : List.of("identityfile", "userknownhostsfile")) {
        JsonNode ours = settings.get(files);
        if (ours != null && !texts(ours.get("from")).contains("default")) {
          assertEquals(
              ssh.get(files).stream().flatMap(f -> List.of(f.split(" ")).stream()).toList(),
              texts(ours.get("value")),
              host + " " + files);
        }
      }
      ROUTES.incrementAndGet();
    }
  }

  /**
   * The arguments of Ansible's ssh connection plugin ({@code _build_command}, ansible-core 2.14)
   * for a host without a password: {@code ansible_ssh_args}, then its own options, then {@code
   * ansible_ssh_common_args} and {@code ansible_ssh_extra_args}, then the host.
   */
  private static List<String> ansibleCommandLine(String host, JsonNode vars) throws Exception {
    List<String> args = new ArrayList<>();
    args.addAll(shlex(vars.get("ansible_ssh_args")));
    String port = effective(vars, "port", null);
    if (port != null) {
      args.addAll(List.of("-o", "Port=" + port));
    }
    String key = effective(vars, "identity", null);
    if (key != null) {
      args.addAll(List.of("-o", "IdentityFile=\"" + key + "\""));
    }
    args.addAll(
        List.of(
            "-o",
            "KbdInteractiveAuthentication=no",
            "-o",
            "PreferredAuthentications=gssapi-with-mic,gssapi-keyex,hostbased,publickey",
            "-o",
            "PasswordAuthentication=no"));
    String user = effective(vars, "user", null);
    if (user != null) {
      args.addAll(List.of("-o", "User=\"" + user + "\""));
    }
    args.addAll(List.of("-o", "ConnectTimeout=10"));
    args.addAll(shlex(vars.get("ansible_ssh_common_args")));
    args.addAll(shlex(vars.get("ansible_ssh_extra_args")));
    args.add(effective(vars, "address", host));
    return args;
  }

  /** Words as Ansible splits ssh arguments: Python's shlex. */
  private static List<String> shlex(JsonNode value) throws Exception {
    if (value == null || value.isNull()) {
      return List.of();
    }
    String out =
        run(
            List.of(
                "python3",
                "-c",
                "import json, shlex, sys; print(json.dumps(shlex.split(sys.argv[1])))",
                value.asText()));
    return texts(JSON.readTree(out));
  }

  /**
   * {@code ssh -G} with the configuration rollrun reads in this test's home: {@code ~/.ssh/config}
   * (if any), then {@code /etc/ssh/ssh_config}.
   */
  private static Map<String, List<String>> sshG(List<String> args) throws Exception {
    StringBuilder config = new StringBuilder();
    for (Path file :
        List.of(
            Path.of(System.getProperty("user.home"), ".ssh", "config"),
            Path.of("/etc/ssh/ssh_config"))) {
      if (Files.isRegularFile(file)) {
        config.append(Files.readString(file)).append('\n');
      }
    }
    Path file = Files.writeString(emptyWorkingDirectory.resolve("ssh_config"), config);
    List<String> command = new ArrayList<>(List.of("ssh", "-G", "-F", file.toString()));
    command.addAll(args);
    Map<String, List<String>> values = new TreeMap<>();
    for (String line : run(command).split("\n")) {
      int space = line.indexOf(' ');
      if (space > 0) {
        values
            .computeIfAbsent(line.substring(0, space), k -> new ArrayList<>())
            .add(line.substring(space + 1));
      }
    }
    return values;
  }

  private static String one(Map<String, List<String>> ssh, String key) {
    return ssh.getOrDefault(key, List.of()).stream().findFirst().orElse(null);
  }

  private static String value(JsonNode settings, String name) {
    JsonNode setting = settings.get(name);
    return setting == null ? null : text(setting.get("value"));
  }

  private static String run(List<String> command) throws Exception {
    Process process =
        new ProcessBuilder(command)
            .directory(emptyWorkingDirectory.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), command + " timed out");
    assertEquals(0, process.exitValue(), command + " failed:\n" + err);
    return out;
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
