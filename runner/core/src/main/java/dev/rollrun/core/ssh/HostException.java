package dev.rollrun.core.ssh;

import dev.rollrun.api.RollrunException;

/**
 * Something went wrong on, or on the way to, one host. The message is one line that starts with the
 * host's inventory name, so that an operator reading a failed roll sees at once where.
 */
public class HostException extends RollrunException {

  private final String host;

  protected HostException(String host, String message) {
    super(oneLine(message));
    this.host = host;
  }

  protected HostException(String host, String message, Throwable cause) {
    super(oneLine(message), cause);
    this.host = host;
  }

  /** Causes quoted from libraries may span lines; the message a user sees may not. */
  private static String oneLine(String message) {
    return message.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  /**
   * The inventory name of the host ({@code web-1}), or {@code local} for the operator's machine.
   */
  public String host() {
    return host;
  }
}
