package dev.rollrun.plugins.consul;

import dev.rollrun.api.CommandOutput;
import dev.rollrun.api.TaskContext;
import java.time.Duration;

/** Commands this plugin runs on a node: through {@code sudo -n} when the settings say so. */
final class NodeCommands {

  /** How long one status command or lockfile change may take on the node. */
  static final Duration LIMIT = Duration.ofSeconds(30);

  private NodeCommands() {}

  static CommandOutput run(TaskContext context, ConsulSettings settings, String command) {
    String line = settings.sudo() ? "sudo -n sh -c " + quote(command) : command;
    return context.run(line, LIMIT);
  }

  /** A file path as one shell word; a leading {@code ~/} is the login user's home. */
  static String path(String file) {
    return file.startsWith("~/") ? "\"$HOME\"/" + quote(file.substring(2)) : quote(file);
  }

  /** POSIX single quoting: one word to any shell, whatever the text holds. */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
