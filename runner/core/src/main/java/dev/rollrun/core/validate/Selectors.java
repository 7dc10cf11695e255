package dev.rollrun.core.validate;

import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.text.Suggestions;
import java.util.Set;
import java.util.TreeSet;

/**
 * Host names and roles used to pick hosts in a playbook's {@code hosts:}: whether one names
 * anything in an inventory, and what to say when it does not. ({@code --limit} takes Ansible's host
 * patterns: {@code inventory.HostPatterns}.)
 */
public final class Selectors {

  /** Past this many roles, listing them all helps less than it clutters. */
  private static final int MAX_ROLES_LISTED = 12;

  private Selectors() {}

  /** True when some host of {@code inventory} is named {@code nameOrRole} or has that role. */
  public static boolean matches(Inventory inventory, String nameOrRole) {
    return inventory.hosts().stream()
        .anyMatch(h -> h.name().equals(nameOrRole) || h.hasRole(nameOrRole));
  }

  /** A did-you-mean among host names and roles, else the roles there are (when few). */
  public static String hint(String wrong, Inventory inventory) {
    String close = Suggestions.didYouMean(wrong, namesAndRoles(inventory));
    if (!close.isEmpty()) {
      return close;
    }
    Set<String> roles = inventory.roles();
    return roles.isEmpty() || roles.size() > MAX_ROLES_LISTED
        ? ""
        : " (roles: " + String.join(", ", roles) + ")";
  }

  private static Set<String> namesAndRoles(Inventory inventory) {
    Set<String> all = new TreeSet<>(inventory.roles());
    inventory.hosts().forEach(h -> all.add(h.name()));
    return all;
  }
}
