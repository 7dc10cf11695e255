package dev.rollrun.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ssh_config corpus ({@code src/test/resources/ssh-config-corpus}), written from {@code
 * ssh_config(5)}, judged by the installed OpenSSH client: for every host of every case, {@code ssh
 * -G} and rollrun must agree on the host name, port, user, identity files (as written and
 * expanded), {@code IdentitiesOnly}, {@code IdentityAgent}, {@code ProxyCommand}, {@code ProxyJump}
 * (and each jump host's own settings), the known_hosts files, {@code StrictHostKeyChecking} and
 * {@code HostKeyAlias}; or rollrun refuses the host with a message naming the file, line and
 * setting, as the case declares. A host ssh refuses must be refused too.
 *
 * <p>A case is one file: its directives, and comment lines that drive the test: {@code #: hosts}
 * (names, or {@code -l user -p port -i key -o Key=value name} as on ssh's command line, {@code -o}
 * last as the inventory's {@code ssh.options} come after its port, user and identity), {@code #:
 * refused HOST TEXT} (rollrun refuses HOST with a message containing TEXT), {@code #: env
 * NAME=VALUE}, and {@code #: file PATH} ... {@code #: end} for a file under {@code ~/.ssh} that the
 * case includes.
 */
class SshConfigCorpusTest {

  private static final Path CORPUS = Path.of("src/test/resources/ssh-config-corpus");

  @TempDir static Path home;

  /** What ssh takes for the local account ({@code %d %u %i %l}). */
  private static LocalAccount local;

  private static List<String> sshDefaultIdentities;

  @BeforeAll
  static void probeOpenSsh() throws Exception {
    Path none = Files.writeString(home.resolve("empty_config"), "");
    Map<String, List<String>> probe =
        sshG(none, List.of("-o", "UserKnownHostsFile=%d %u %i %l"), "probe", Map.of()).values;
    List<String> account = probe.get("userknownhostsfile");
    local =
        new LocalAccount(
            account.get(1),
            Long.parseLong(account.get(2)),
            Path.of(account.get(0)),
            account.get(3),
            Map.of("HOME", home.toString()));
    sshDefaultIdentities = probe.get("identityfile");
  }

  /** One case file. */
  private record Case(
      String name,
      String config,
      List<List<String>> hosts,
      Map<String, String> refused,
      Map<String, String> env,
      Map<String, String> files) {}

  /** What {@code ssh -G} printed, or that it refused. */
  private record Dump(int exit, Map<String, List<String>> values, String error) {}

  @Test
  void everyHostOfTheCorpusResolvesAsSshGSaysOrIsRefusedClearly() throws Exception {
    List<Case> cases;
    try (Stream<Path> files = Files.list(CORPUS)) {
      cases = files.filter(f -> f.toString().endsWith(".conf")).sorted().map(this::read).toList();
    }
    assertTrue(cases.size() >= 30, "the corpus has " + cases.size() + " cases");
    int identical = 0;
    int refused = 0;
    List<String> different = new ArrayList<>();
    int hosts = 0;
    for (Case c : cases) {
      Path dir = Files.createDirectories(home.resolve(c.name()));
      Path ssh = Files.createDirectories(home.resolve(".ssh"));
      for (Map.Entry<String, String> f : c.files().entrySet()) {
        Path file = ssh.resolve(f.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, f.getValue());
      }
      Path config = Files.writeString(dir.resolve("config"), c.config());
      Map<String, String> env = new TreeMap<>(c.env());
      env.put("HOME", home.toString());
      LocalAccount account = local.withEnvironment(env);
      SshTargetResolver resolver =
          new SshTargetResolver(
              config,
              false,
              null,
              account,
              List.of("/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"));
      for (List<String> args : c.hosts()) {
        hosts++;
        String name = args.get(args.size() - 1);
        String label = c.name() + " " + String.join(" ", args);
        Dump expected = sshG(config, args.subList(0, args.size() - 1), name, env);
        String expectRefusal = c.refused().get(name);
        String outcome = compare(resolver, config, args, env, expected, account);
        if (outcome == null && expectRefusal == null) {
          identical++;
        } else if (outcome != null
            && outcome.startsWith("refused: ")
            && expected.exit() == 0
            && expectRefusal != null
            && outcome.contains(expectRefusal)) {
          refused++;
        } else if (outcome != null
            && outcome.startsWith("refused: ")
            && expected.exit() != 0
            && expectRefusal == null) {
          identical++; // ssh refuses it too
        } else {
          different.add(
              label
                  + ": "
                  + (outcome == null ? "identical, but the case expects a refusal" : outcome)
                  + (expectRefusal == null ? "" : " (expected refusal: " + expectRefusal + ")")
                  + (expected.exit() != 0 ? " [ssh -G refused: " + expected.error() + "]" : ""));
        }
      }
      for (Map.Entry<String, String> f : c.files().entrySet()) {
        Files.delete(ssh.resolve(f.getKey()));
      }
    }
    System.out.printf(
        "ssh_config corpus: %d cases, %d hosts: %d identical, %d refused clearly, %d different%n",
        cases.size(), hosts, identical, refused, different.size());
    assertEquals(List.of(), different, "hosts resolved differently from ssh -G");
  }

  /** {@code null} when rollrun agrees with ssh; else how it differs, or "refused: why". */
  private String compare(
      SshTargetResolver resolver,
      Path config,
      List<String> args,
      Map<String, String> env,
      Dump expected,
      LocalAccount account)
      throws Exception {
    Host host = host(args);
    SshExplanation explained = resolver.explain(host);
    SshHostConfig got;
    try {
      got = resolver.evaluate(host);
    } catch (SshConfigError e) {
      return "refused: " + explained.refusal();
    }
    if (!explained.connects()) {
      return "refused: " + refusalOf(explained);
    }
    if (expected.exit() != 0) {
      return "rollrun connects, ssh -G refuses";
    }
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> want = expected.values();
    same(problems, "hostname", want.get("hostname"), List.of(got.hostname().value()));
    same(problems, "port", want.get("port"), List.of(String.valueOf(got.port().value())));
    same(problems, "user", want.get("user"), List.of(got.user().value()));
    List<String> written =
        got.identityFiles().stream().map(SshHostConfig.IdentityFile::written).toList();
    if (got.defaultIdentities()) {
      same(problems, "identityfile (defaults)", want.get("identityfile"), sshDefaultIdentities);
    } else {
      same(problems, "identityfile", want.get("identityfile"), written);
      for (SshHostConfig.IdentityFile f : got.identityFiles()) {
        if (f.written().matches(".*[%~$].*")) {
          List<String> more = new ArrayList<>(args.subList(0, args.size() - 1));
          more.add("-o");
          more.add("UserKnownHostsFile=\"" + f.written().replace("\"", "\\\"") + "\"");
          Dump expanded = sshG(config, more, args.get(args.size() - 1), env);
          same(
              problems,
              "identityfile " + f.written() + " expanded",
              List.of(String.join(" ", expanded.values().get("userknownhostsfile"))),
              List.of(String.valueOf(f.path())));
        }
      }
    }
    same(
        problems,
        "identitiesonly",
        want.get("identitiesonly"),
        List.of(got.identitiesOnly().value() ? "yes" : "no"));
    same(
        problems,
        "identityagent",
        want.getOrDefault("identityagent", List.of()),
        got.identityAgent() == null ? List.of() : List.of(got.identityAgent().value()));
    same(
        problems,
        "proxycommand",
        want.containsKey("proxycommand")
            ? List.of(String.join(" ", want.get("proxycommand")))
            : List.of(),
        got.proxyCommand() == null ? List.of() : List.of(got.proxyCommand().value()));
    List<String> jumps =
        got.jumps() == null
            ? List.of()
            : got.jumps().value().stream().map(SshConfigCorpusTest::shown).toList();
    List<String> wantJumps =
        want.containsKey("proxyjump")
            ? List.of(want.get("proxyjump").get(0).split(",")).stream()
                .map(j -> shown(JumpSpec.parse(j)))
                .toList()
            : List.of();
    same(problems, "proxyjump", wantJumps, jumps);
    same(
        problems,
        "userknownhostsfile",
        noneIsEmpty(want.get("userknownhostsfile")),
        got.userKnownHosts().value());
    same(
        problems,
        "globalknownhostsfile",
        noneIsEmpty(want.get("globalknownhostsfile")),
        got.globalKnownHosts().value());
    same(
        problems,
        "stricthostkeychecking",
        want.get("stricthostkeychecking"),
        List.of(strict(got.strictHostKeyChecking())));
    same(
        problems,
        "hostkeyalias",
        want.getOrDefault("hostkeyalias", List.of()),
        got.hostKeyAlias() == null ? List.of() : List.of(got.hostKeyAlias().value()));
    if (got.jumps() != null) {
      List<JumpSpec> specs = got.jumps().value();
      for (int i = 0; i < specs.size(); i++) {
        JumpSpec spec = specs.get(i);
        List<String> hopArgs = new ArrayList<>();
        if (spec.user() != null) {
          hopArgs.addAll(List.of("-l", spec.user()));
        }
        if (spec.port() > 0) {
          hopArgs.addAll(List.of("-p", String.valueOf(spec.port())));
        }
        if (i > 0) {
          List<String> before = new ArrayList<>();
          for (int k = 0; k < i; k++) {
            before.add(specs.get(k).shown());
          }
          hopArgs.addAll(List.of("-J", String.join(",", before)));
        }
        Dump hopWant = sshG(config, hopArgs, spec.host(), env);
        SshHostConfig hop =
            resolver.evaluateJump(spec, i == 0 ? null : "earlier", got.jumps().source());
        String p = "jump " + spec.host() + " ";
        same(
            problems,
            p + "hostname",
            hopWant.values().get("hostname"),
            List.of(hop.hostname().value()));
        same(
            problems,
            p + "port",
            hopWant.values().get("port"),
            List.of(String.valueOf(hop.port().value())));
        same(problems, p + "user", hopWant.values().get("user"), List.of(hop.user().value()));
        same(
            problems,
            p + "proxycommand",
            hopWant.values().containsKey("proxycommand")
                ? List.of(String.join(" ", hopWant.values().get("proxycommand")))
                : List.of(),
            hop.proxyCommand() == null ? List.of() : List.of(hop.proxyCommand().value()));
      }
    }
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  /** {@code ssh -G} prints an empty list of files as {@code none}. */
  private static List<String> noneIsEmpty(List<String> files) {
    return List.of("none").equals(files) ? List.of() : files;
  }

  private static String refusalOf(SshExplanation e) {
    if (e.refusal() != null) {
      return e.refusal();
    }
    return e.jumps().stream()
        .filter(j -> !j.connects())
        .map(SshConfigCorpusTest::refusalOf)
        .findFirst()
        .orElse("?");
  }

  private static String shown(JumpSpec j) {
    return (j.user() == null ? "" : j.user() + "@")
        + j.host()
        + ":"
        + (j.port() > 0 ? j.port() : "-");
  }

  /** {@code ssh -G} prints yes as true, no and off as false. */
  private static String strict(SshHostConfig.Sourced<String> v) {
    String s = v == null ? "ask" : v.value();
    return switch (s) {
      case "yes", "true" -> "true";
      case "no", "off", "false" -> "false";
      default -> s;
    };
  }

  private static void same(
      List<String> problems, String what, List<String> want, List<String> got) {
    List<String> w = want == null ? List.of() : want;
    if (!w.equals(got)) {
      problems.add(what + ": ssh -G " + w + ", rollrun " + got);
    }
  }

  private static Host host(List<String> args) {
    int port = 0;
    String user = null;
    String identity = null;
    List<String> options = new ArrayList<>();
    for (int i = 0; i < args.size() - 1; i += 2) {
      switch (args.get(i)) {
        case "-p" -> port = Integer.parseInt(args.get(i + 1));
        case "-l" -> user = args.get(i + 1);
        case "-i" -> identity = args.get(i + 1);
        case "-o" -> options.add(args.get(i + 1));
        default -> throw new IllegalArgumentException("unknown option " + args.get(i));
      }
    }
    String name = args.get(args.size() - 1);
    return new Host(
        name,
        name,
        port,
        user,
        identity,
        List.of(),
        null,
        null,
        options.isEmpty() ? Map.of() : Map.of(SshTargetResolver.OPTIONS_VAR, options));
  }

  private static Dump sshG(Path config, List<String> args, String host, Map<String, String> env)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ssh", "-G", "-F", config.toString()));
    command.addAll(args);
    command.add(host);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().clear();
    pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException(
          "the corpus needs OpenSSH's client (ssh): apt-get install openssh-client", e);
    }
    byte[] out;
    byte[] err;
    try (InputStream o = p.getInputStream();
        InputStream e = p.getErrorStream()) {
      out = o.readAllBytes();
      err = e.readAllBytes();
    }
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("ssh -G did not finish: " + command);
    }
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String line : new String(out, StandardCharsets.UTF_8).split("\n")) {
      int space = line.indexOf(' ');
      if (space < 0) {
        continue;
      }
      String key = line.substring(0, space).toLowerCase(Locale.ROOT);
      String value = line.substring(space + 1);
      if (key.equals("identityfile")) {
        values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
      } else if (key.equals("proxycommand") || key.equals("hostname") || key.equals("user")) {
        values.put(key, List.of(value));
      } else {
        values.put(key, List.of(value.split(" ")));
      }
    }
    return new Dump(p.exitValue(), values, new String(err, StandardCharsets.UTF_8).strip());
  }

  private Case read(Path file) {
    try {
      String name = file.getFileName().toString().replaceFirst("\\.conf$", "");
      StringBuilder config = new StringBuilder();
      List<List<String>> hosts = new ArrayList<>();
      Map<String, String> refused = new LinkedHashMap<>();
      Map<String, String> env = new LinkedHashMap<>();
      Map<String, String> files = new LinkedHashMap<>();
      String current = null;
      StringBuilder other = null;
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith("#: ")) {
          String[] w = line.substring(3).split(" ", 2);
          switch (w[0]) {
            case "hosts" -> {
              for (String h : w[1].split("\\s*;\\s*")) {
                hosts.add(List.of(h.trim().replace("$HOME", home.toString()).split("\\s+")));
              }
            }
            case "refused" -> {
              String[] r = w[1].split(" ", 2);
              refused.put(r[0], r[1]);
            }
            case "env" -> {
              String[] kv = w[1].split("=", 2);
              env.put(kv[0], kv[1]);
            }
            case "file" -> {
              current = w[1].trim();
              other = new StringBuilder();
            }
            case "end" -> {
              files.put(current, other.toString());
              current = null;
              other = null;
            }
            default -> throw new IllegalArgumentException(file + ": unknown " + line);
          }
          continue;
        }
        (other != null ? other : config).append(line).append('\n');
      }
      return new Case(name, config.toString(), hosts, refused, env, files);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
