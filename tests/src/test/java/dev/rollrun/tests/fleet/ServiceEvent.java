package dev.rollrun.tests.fleet;

/**
 * One line of a fleet's shared service event log, as the demo service's {@code svc} script appends
 * it: {@code <epoch-millis> <host> <action> <pid>}.
 *
 * <p>Actions are {@value #START} and {@value #STOP} (with the service's pid) and {@value
 * #START_FAILED} (pid 0) when {@code svc start} was made to fail.
 *
 * @param millis when it happened, in milliseconds since the epoch (the host's clock: this machine)
 * @param host the host name, {@code h1} ... {@code hN}
 * @param action what happened
 * @param pid the service process concerned, 0 for none
 */
public record ServiceEvent(long millis, String host, String action, long pid) {

  public static final String START = "start";
  public static final String STOP = "stop";
  public static final String START_FAILED = "start-failed";

  /** Parses one log line; throws {@link IllegalArgumentException} naming the line if malformed. */
  public static ServiceEvent parse(String line) {
    String[] fields = line.strip().split(" ");
    if (fields.length != 4) {
      throw new IllegalArgumentException("not a service event line: '" + line + "'");
    }
    try {
      return new ServiceEvent(
          Long.parseLong(fields[0]), fields[1], fields[2], Long.parseLong(fields[3]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a service event line: '" + line + "'", e);
    }
  }

  public boolean isStart() {
    return START.equals(action);
  }

  public boolean isStop() {
    return STOP.equals(action);
  }

  @Override
  public String toString() {
    return millis + " " + host + " " + action + " " + pid;
  }
}
