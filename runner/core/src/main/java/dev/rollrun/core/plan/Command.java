package dev.rollrun.core.plan;

import dev.rollrun.core.text.ShellQuoting;
import java.util.Objects;

/**
 * A rendered shell command. {@link #shown()} is what plans, logs and digests see, with every secret
 * replaced by {@code <secret:NAME>}; {@link #actual()} is what runs and is never printed.
 */
public final class Command {

  private final String shown;
  private final String actual;

  public Command(String shown, String actual) {
    this.shown = Objects.requireNonNull(shown);
    this.actual = Objects.requireNonNull(actual);
  }

  public static Command plain(String text) {
    return new Command(text, text);
  }

  public String shown() {
    return shown;
  }

  public String actual() {
    return actual;
  }

  /**
   * How the command reads when run through sudo: {@code sudo systemctl stop x} for a simple
   * command, {@code sudo sh -c '...'} when shell operators would otherwise escape sudo.
   */
  public String shownWithSudo() {
    if (shown.matches("[A-Za-z0-9_./:@%+=, -]*")) {
      return "sudo " + shown;
    }
    return "sudo sh -c " + ShellQuoting.quote(shown);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Command c && c.shown.equals(shown) && c.actual.equals(actual);
  }

  @Override
  public int hashCode() {
    return shown.hashCode();
  }

  @Override
  public String toString() {
    return shown;
  }
}
