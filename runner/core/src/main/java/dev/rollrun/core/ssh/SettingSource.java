package dev.rollrun.core.ssh;

import java.nio.file.Path;

/**
 * Where an SSH setting of a host came from: a line of an ssh_config file, the inventory, or
 * OpenSSH's default.
 *
 * @param file the ssh_config file, or {@code null} when the setting is not from one
 * @param line the 1-based line in {@code file}, or 0
 * @param label what to call a setting that is not from a file: {@code inventory}, {@code inventory
 *     ansible_ssh_common_args}, {@code default}
 * @param inventorySetting for a setting the inventory gave: which one, so that a message can point
 *     at where the inventory writes it: {@code address}, {@code port}, {@code user}, {@code
 *     identity}, or the host variable that holds {@code -o} options ({@code ssh.options}, {@code
 *     ansible_ssh_common_args}); else {@code null}
 */
record SettingSource(Path file, int line, String label, String inventorySetting) {

  static final SettingSource DEFAULT = new SettingSource(null, 0, "default", null);
  static final SettingSource INVENTORY = new SettingSource(null, 0, "inventory", null);

  /** A line of a file, or a label: not the inventory's. */
  SettingSource(Path file, int line, String label) {
    this(file, line, label, null);
  }

  static SettingSource of(SshConfigLine line) {
    return new SettingSource(line.file(), line.number(), null);
  }

  /**
   * {@code -o} options held by an inventory variable, named ({@code inventory ssh.options}, {@code
   * inventory ansible_ssh_common_args}).
   */
  static SettingSource inventory(String variable) {
    return new SettingSource(null, 0, "inventory " + variable, variable);
  }

  /**
   * This source for one of the inventory's own settings ({@code port}): the same label, knowing
   * which setting it is. A source that is not the inventory's stays as it is.
   */
  SettingSource about(String setting) {
    return equals(INVENTORY) ? new SettingSource(null, 0, label, setting) : this;
  }

  boolean fromFile() {
    return file != null;
  }

  /** {@code ~/.ssh/config:12}, or the label. */
  String shown(Path home) {
    return file == null ? label : Commands.displayPath(file, home) + ":" + line;
  }
}
