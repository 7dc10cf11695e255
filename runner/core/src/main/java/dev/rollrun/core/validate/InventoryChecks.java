package dev.rollrun.core.validate;

import dev.rollrun.api.Host;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.yaml.TextFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an inventory schema cannot check: host names and addresses that cannot be meant (empty, or
 * holding a space or a control character: no DNS name, IP address or ssh_config alias does, and
 * {@code --limit} could not name such a host), two host names that reach the same machine (rolling
 * both would take one machine down twice, or two "different" nodes at once), identity files that
 * cannot be read, and settings the SSH layer refuses for a host ({@link HostRoutes#refusal}: a
 * {@code -o} option of {@code ansible_ssh_common_args} rollrun cannot honour), each at the place it
 * is written. Which machine a host reaches is its {@link HostRoutes route}: after the operator's
 * ssh_config, two aliases with one {@code HostName} and port are one machine.
 */
public final class InventoryChecks {

  private final Path home;
  private final HostRoutes routes;

  /** Hosts compared by their inventory address and port, as written. */
  public InventoryChecks(Path home) {
    this(home, HostRoutes.AS_WRITTEN);
  }

  /**
   * @param routes where each host's connection really goes
   */
  public InventoryChecks(Path home, HostRoutes routes) {
    this.home = home;
    this.routes = routes;
  }

  /** An identity file that cannot be used, and the hosts that would use it. */
  private record UnusableKey(String identity, String why, List<String> hosts) {

    String message() {
      String whose =
          hosts.size() == 1
              ? "host \"" + hosts.get(0) + "\""
              : hosts.size()
                  + " hosts ("
                  + String.join(", ", hosts.subList(0, Math.min(3, hosts.size())))
                  + (hosts.size() > 3 ? ", ..." : "")
                  + ")";
      return "identity file \"" + identity + "\" of " + whose + " " + why;
    }
  }

  public List<ConfigProblem> check(Inventory inventory) {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, String> byMachine = new HashMap<>();
    // A key set in defaults or a group is one problem, however many hosts use it; so is a refused
    // ssh option.
    Map<SourcePosition, UnusableKey> unusable = new LinkedHashMap<>();
    Map<ConfigProblem, List<String>> refused = new LinkedHashMap<>();
    for (Host host : inventory.hosts()) {
      notOneWord(host.name())
          .ifPresent(
              why ->
                  problems.add(
                      new ConfigProblem(
                          inventory.positionOf(host.name()),
                          "host name \""
                              + host.name()
                              + "\" "
                              + why
                              + "; a host name is one word (web-1), as --limit and templates name"
                              + " it")));
      notOneWord(host.address())
          .ifPresent(
              why ->
                  problems.add(
                      new ConfigProblem(
                          inventory.positionOf(host.name(), "address"),
                          "address \""
                              + host.address()
                              + "\" of host \""
                              + host.name()
                              + "\" "
                              + why
                              + "; write a DNS name, an IP address or an ~/.ssh/config alias")));
      Optional<HostRoutes.Route> routed = routes.of(host);
      if (routed.isEmpty()) {
        noteRefusal(refused, inventory, host);
      }
      HostRoutes.Route route = routed.orElseGet(() -> HostRoutes.asWritten(host));
      String first = byMachine.putIfAbsent(route.machine(), host.name());
      if (first != null) {
        SourcePosition firstAt = inventory.positionOf(first);
        problems.add(
            new ConfigProblem(
                inventory.positionOf(host.name()),
                "duplicate host: \""
                    + host.name()
                    + "\" connects to "
                    + route.machine()
                    + (route.resolvedBy() == null
                        ? ""
                        : " (as " + route.resolvedBy() + " resolves it)")
                    + " like \""
                    + first
                    + "\""
                    + (firstAt.line() > 0 ? " (line " + firstAt.line() + ")" : "")
                    + "; list each machine once, or one would be restarted twice"));
      }
      if (host.identity() != null) {
        TextFiles.unusableFileName(host.identity())
            .map(why -> "cannot be used: the name " + why)
            .or(() -> whyUnusable(resolveIdentity(host.identity())))
            .ifPresent(
                why ->
                    unusable
                        .computeIfAbsent(
                            inventory.positionOf(host.name(), "identity"),
                            at -> new UnusableKey(host.identity(), why, new ArrayList<>()))
                        .hosts()
                        .add(host.name()));
      }
    }
    unusable.forEach((at, key) -> problems.add(new ConfigProblem(at, key.message())));
    problems.addAll(said(refused));
    return problems;
  }

  /** Why {@code name} is no single word: empty, or holding a space or a control character. */
  private static Optional<String> notOneWord(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("is empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        return Optional.of(
            String.format("holds the control character \\u%04X (character %d)", (int) c, i + 1));
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return Optional.of(
            name.isBlank() ? "is only spaces" : "holds a space (character " + (i + 1) + ")");
      }
    }
    return Optional.empty();
  }

  /**
   * Only the settings the SSH layer refuses for some of the inventory's hosts ({@link
   * HostRoutes#refusal}), each said once for every host it concerns.
   */
  public List<ConfigProblem> refusals(Inventory inventory, List<Host> hosts) {
    Map<ConfigProblem, List<String>> refused = new LinkedHashMap<>();
    for (Host host : hosts) {
      noteRefusal(refused, inventory, host);
    }
    return said(refused);
  }

  /**
   * The {@code -o} options the SSH layer does not apply for some of the inventory's hosts ({@link
   * HostRoutes#notApplied}), each said once for every host it concerns, where it is written.
   */
  public List<ConfigProblem> notApplied(Inventory inventory, List<Host> hosts) {
    Map<ConfigProblem, List<String>> notes = new LinkedHashMap<>();
    for (Host host : hosts) {
      for (HostRoutes.InventorySetting note : routes.notApplied(host)) {
        note(notes, inventory, host, note);
      }
    }
    return said(notes);
  }

  private void noteRefusal(
      Map<ConfigProblem, List<String>> refused, Inventory inventory, Host host) {
    routes.refusal(host).ifPresent(r -> note(refused, inventory, host, r));
  }

  private static void note(
      Map<ConfigProblem, List<String>> notes,
      Inventory inventory,
      Host host,
      HostRoutes.InventorySetting note) {
    notes
        .computeIfAbsent(
            new ConfigProblem(positionOf(inventory, host, note.setting()), note.message()),
            p -> new ArrayList<>())
        .add(host.name());
  }

  private static List<ConfigProblem> said(Map<ConfigProblem, List<String>> refused) {
    List<ConfigProblem> said = new ArrayList<>();
    refused.forEach(
        (problem, hosts) ->
            said.add(
                new ConfigProblem(
                    problem.position(), hostWords(hosts) + ": " + problem.message())));
    return said;
  }

  /** Where the inventory writes a setting of a host: its own, or a variable. */
  private static SourcePosition positionOf(Inventory inventory, Host host, String setting) {
    return switch (setting) {
      case "address", "port", "user", "identity" -> inventory.positionOf(host.name(), setting);
      default -> inventory.positionOf(host.name(), Inventory.variableSetting(setting));
    };
  }

  private static String hostWords(List<String> hosts) {
    if (hosts.size() == 1) {
      return "host \"" + hosts.get(0) + "\"";
    }
    if (hosts.size() <= 3) {
      return "hosts \"" + String.join("\", \"", hosts) + "\"";
    }
    return "hosts \""
        + String.join("\", \"", hosts.subList(0, 3))
        + "\" and "
        + (hosts.size() - 3)
        + " more";
  }

  private static Optional<String> whyUnusable(Path key) {
    if (Files.isDirectory(key)) {
      return Optional.of("is a directory; it must name a private key file");
    }
    if (!Files.exists(key)) {
      return Optional.of(
          "does not exist"
              + (key.isAbsolute() ? "" : " (a relative path is read from the current directory)"));
    }
    if (!Files.isRegularFile(key)) {
      return Optional.of(
          "is not a regular file (a device, a FIFO or a socket); name a private key file");
    }
    if (!Files.isReadable(key)) {
      return Optional.of("cannot be read (permission denied)");
    }
    return Optional.empty();
  }

  /** {@code ~/x} is under the home directory; other paths are as the inventory says. */
  public Path resolveIdentity(String identity) {
    if (identity.equals("~")) {
      return home;
    }
    if (identity.startsWith("~/")) {
      return home.resolve(identity.substring(2));
    }
    return Path.of(identity);
  }
}
