package dev.rollrun.core.ssh;

import java.nio.file.Path;

/**
 * Where an SSH setting of a host came from: a line of an ssh_config file, the inventory, or
 * OpenSSH's default.
 *
 * @param file the ssh_config file, or {@code null} when the setting is not from one
 * @param line the 1-based line in {@code file}, or 0
 * @param label what to call a setting that is not from a file: {@code inventory}, {@code default}
 */
record SettingSource(Path file, int line, String label) {

  static final SettingSource DEFAULT = new SettingSource(null, 0, "default");
  static final SettingSource INVENTORY = new SettingSource(null, 0, "inventory");

  static SettingSource of(SshConfigLine line) {
    return new SettingSource(line.file(), line.number(), null);
  }

  /** An inventory setting, named ({@code inventory ssh.options}). */
  static SettingSource inventory(String what) {
    return new SettingSource(null, 0, "inventory " + what);
  }

  boolean fromFile() {
    return file != null;
  }

  /** {@code ~/.ssh/config:12}, or the label. */
  String shown(Path home) {
    return file == null ? label : Commands.displayPath(file, home) + ":" + line;
  }
}
