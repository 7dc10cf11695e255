package dev.rollrun.core.plan;

import dev.rollrun.api.Host;
import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.config.Template;
import dev.rollrun.core.inventory.HostPatterns;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.problem.UsageException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which hosts a roll touches, in inventory order: those the playbook's {@code hosts:} names (by
 * name or role; every host when it names none), narrowed by {@code --limit}, which takes Ansible's
 * host patterns ({@link HostPatterns}: {@code web:&prod}, {@code !db1}, {@code web*}, {@code
 * web[0]}). The playbook's selectors are checked beforehand ({@code PlaybookChecks}); {@code
 * --limit} is checked here.
 */
final class HostSelection {

  private HostSelection() {}

  /**
   * @throws UsageException when {@code --limit} names an unknown host or role, or leaves nothing
   */
  static List<Host> select(Playbook playbook, Inventory inventory, List<String> limit) {
    List<Host> selected =
        playbook.hosts().isEmpty()
            ? inventory.hosts()
            : matching(inventory.hosts(), playbook.hosts().stream().map(Template::source).toList());
    if (limit.isEmpty()) {
      return selected;
    }
    Set<Host> chosen = Set.copyOf(HostPatterns.select(inventory, limit));
    List<Host> limited = selected.stream().filter(chosen::contains).toList();
    if (limited.isEmpty()) {
      throw new UsageException(
          "--limit "
              + String.join(",", limit)
              + " leaves no host of the playbook's selection to roll");
    }
    return limited;
  }

  /** The selection in words, for the plan: {@code hosts web, limited to web-1}. */
  static String describe(Playbook playbook, List<String> limit) {
    String hosts =
        playbook.hosts().isEmpty()
            ? "all hosts"
            : "hosts "
                + playbook.hosts().stream().map(Template::source).collect(Collectors.joining(", "));
    return limit.isEmpty() ? hosts : hosts + ", limited to " + String.join(", ", limit);
  }

  private static List<Host> matching(List<Host> hosts, Collection<String> namesOrRoles) {
    Set<String> wanted = Set.copyOf(namesOrRoles);
    return hosts.stream()
        .filter(h -> wanted.contains(h.name()) || h.roles().stream().anyMatch(wanted::contains))
        .toList();
  }
}
