package dev.rollrun.core.ssh;

import java.util.List;

/**
 * The server refused every key rollrun offered. The message names the user and each key tried (and
 * each identity file that could not be used, with why), which is what an operator needs to fix it.
 */
public class SshAuthenticationException extends HostException {

  private final String user;
  private final String endpoint;
  private final List<String> triedKeys;

  /**
   * @param where the host and endpoint as they should open the message ({@code web-1
   *     (10.0.0.5:22)})
   * @param triedKeys one description per key offered, in order
   * @param skipped identity files that were not offered, each with its reason
   */
  public SshAuthenticationException(
      String host,
      String where,
      String endpoint,
      String user,
      List<String> triedKeys,
      List<String> skipped,
      String detail) {
    super(host, message(where, user, triedKeys, skipped, detail));
    this.user = user;
    this.endpoint = endpoint;
    this.triedKeys = List.copyOf(triedKeys);
  }

  public String user() {
    return user;
  }

  public String endpoint() {
    return endpoint;
  }

  /** One description per key offered to the server, in the order offered. */
  public List<String> triedKeys() {
    return triedKeys;
  }

  private static String message(
      String where, String user, List<String> tried, List<String> skipped, String detail) {
    StringBuilder sb = new StringBuilder(where).append(": authentication as ").append(user);
    sb.append(" failed");
    if (detail != null && !detail.isEmpty()) {
      sb.append(" (").append(detail).append(')');
    }
    if (tried.isEmpty()) {
      sb.append("; no key was offered");
    } else {
      sb.append("; tried ").append(String.join(", ", tried));
    }
    if (!skipped.isEmpty()) {
      sb.append("; not used: ").append(String.join(", ", skipped));
    }
    return sb.toString();
  }
}
