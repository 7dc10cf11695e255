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
    super(host, host + " (" + endpoint + "): cannot connect: " + reason, cause);
    this.endpoint = endpoint;
    this.reason = reason;
  }

  public String endpoint() {
    return endpoint;
  }

  public String reason() {
    return reason;
  }
}
