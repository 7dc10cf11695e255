package dev.rollrun.core.inventory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which Ansible variables give a host's address, port, user and identity, in the order of Ansible's
 * ssh connection plugin, where the last one that is set wins: {@code ansible_ssh_host} over {@code
 * ansible_host}, and so on.
 */
public final class AnsibleConnectionSettings {

  /** The settings and their variables, each list in the plugin's order. */
  public static final Map<String, List<String>> VARIABLES =
      Map.of(
          "address", List.of("ansible_host", "ansible_ssh_host"),
          "port", List.of("ansible_port", "ansible_ssh_port"),
          "user", List.of("ansible_user", "ansible_ssh_user"),
          "identity", List.of("ansible_private_key_file", "ansible_ssh_private_key_file"));

  private AnsibleConnectionSettings() {}

  /** The variable that gives {@code setting} among {@code vars}, if any is set (not null). */
  public static Optional<String> variableFor(String setting, Map<String, Object> vars) {
    String found = null;
    for (String name : VARIABLES.getOrDefault(setting, List.of())) {
      if (vars.get(name) != null) {
        found = name;
      }
    }
    return Optional.ofNullable(found);
  }
}
