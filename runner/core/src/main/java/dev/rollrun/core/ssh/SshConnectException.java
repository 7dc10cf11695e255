package dev.rollrun.core.ssh;

/** A host could not be reached: refused, unreachable, unknown name, no answer in time. */
public class SshConnectException extends HostException {

  private final String endpoint;
  private final String reason;

  /**
   * @param host the inventory name
   * @param endpoint {@code address:port} that was dialled
   * @param reason the cause in words ({@code connection refused})
   */
  public SshConnectException(String host, String endpoint, String reason, Throwable cause) {
    this(host, endpoint, reason, host + " (" + endpoint + "): cannot connect: " + reason, cause);
  }

  private SshConnectException(
      String host, String endpoint, String reason, String message, Throwable cause) {
    super(host, message, cause);
    this.endpoint = endpoint;
    this.reason = reason;
  }

  /**
   * Something answered at the endpoint, but not an SSH server (a web server, another service):
   * {@code web-1 (10.0.0.1:8080): not an SSH server: it sent "HTTP/1.1 400 Bad Request"}.
   *
   * @param sent the first line it sent, as it may be shown
   */
  static SshConnectException notSsh(String host, String endpoint, String sent) {
    String reason = "not an SSH server: it sent " + sent;
    return new SshConnectException(
        host, endpoint, reason, host + " (" + endpoint + "): " + reason, null);
  }

  /**
   * The connection stands, but the host did not let a command start on it: {@code web-1
   * (10.0.0.1:22): connected, but cannot start a command: no answer from the host within 10s}.
   * Nothing was run.
   */
  static SshConnectException cannotStartCommand(
      String host, String endpoint, String reason, Throwable cause) {
    return new SshConnectException(
        host,
        endpoint,
        reason,
        host + " (" + endpoint + "): connected, but cannot start a command: " + reason,
        cause);
  }

  public String endpoint() {
    return endpoint;
  }

  public String reason() {
    return reason;
  }
}
