package dev.rollrun.core.shell;

import java.time.Duration;
import java.util.Objects;

/**
 * A shell command to run on a node or on the operator's machine.
 *
 * @param script what runs: a POSIX shell script, secrets included
 * @param shown the same with every secret as {@code <secret:NAME>}: the only form that may appear
 *     in messages, logs and process lists
 * @param sudo run it as root through {@code sudo -n}
 * @param timeout how long it may run; {@code null} means the runner's default
 */
public record ShellCommand(String script, String shown, boolean sudo, Duration timeout) {

  public ShellCommand {
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(shown, "shown");
  }

  /** A command without secrets: what runs is what is shown. */
  public static ShellCommand plain(String script, boolean sudo, Duration timeout) {
    return new ShellCommand(script, script, sudo, timeout);
  }

  /** True when {@link #script} holds a secret value that {@link #shown} hides. */
  public boolean holdsSecrets() {
    return !script.equals(shown);
  }

  /** The shown form only: a record's default would print the secrets into logs and messages. */
  @Override
  public String toString() {
    return "ShellCommand[" + shown + (sudo ? ", sudo" : "") + ", timeout=" + timeout + "]";
  }
}
