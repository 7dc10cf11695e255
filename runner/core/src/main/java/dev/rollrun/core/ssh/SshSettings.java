package dev.rollrun.core.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How rollrun talks SSH. {@link #defaults()} gives the safe settings: strict host key checking
 * against {@code ~/.ssh/known_hosts}, the ssh-agent of {@code SSH_AUTH_SOCK}, connect and
 * authentication timeouts of 10 s, commands stopped after 10 min.
 *
 * @param connectTimeout TCP connect plus SSH handshake, per server
 * @param authTimeout public key authentication, per server
 * @param commandTimeout how long a command may run when it does not say
 * @param serverAliveInterval how often an idle connection is probed (like OpenSSH's
 *     ServerAliveInterval)
 * @param serverAliveCountMax unanswered probes after which the connection counts as lost
 * @param outputTailLines how many last lines of each output stream a {@link CommandResult} keeps
 * @param home the operator's home directory (messages print paths under it as {@code ~/...})
 * @param knownHosts the operator's known_hosts: checked, and appended to by accept-new, for a
 *     target whose {@link ServerPolicy} names none (the ssh_config's {@code UserKnownHostsFile}s
 *     do, {@code ~/.ssh/known_hosts} and {@code known_hosts2} by default)
 * @param extraKnownHosts another known_hosts file that is only read ({@code --known-hosts}), or
 *     {@code null}
 * @param acceptNewHostKeys accept and record keys of hosts not in known_hosts (like OpenSSH's
 *     {@code StrictHostKeyChecking=accept-new}); changed keys are refused all the same
 * @param agentSocket the ssh-agent socket, or {@code null} for none
 */
public record SshSettings(
    Duration connectTimeout,
    Duration authTimeout,
    Duration commandTimeout,
    Duration serverAliveInterval,
    int serverAliveCountMax,
    int outputTailLines,
    Path home,
    Path knownHosts,
    Path extraKnownHosts,
    boolean acceptNewHostKeys,
    Path agentSocket) {

  public SshSettings {
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(authTimeout, "authTimeout");
    requirePositive(commandTimeout, "commandTimeout");
    requirePositive(serverAliveInterval, "serverAliveInterval");
    if (serverAliveCountMax < 1) {
      throw new IllegalArgumentException("serverAliveCountMax must be at least 1");
    }
    if (outputTailLines < 0) {
      throw new IllegalArgumentException("outputTailLines must not be negative");
    }
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(knownHosts, "knownHosts");
  }

  /** The safe defaults for the operator running this JVM. */
  public static SshSettings defaults() {
    String sock = System.getenv("SSH_AUTH_SOCK");
    return defaults(
        Path.of(System.getProperty("user.home")),
        sock == null || sock.isBlank() ? null : Path.of(sock));
  }

  /** The safe defaults for a given home directory and agent socket ({@code null}: no agent). */
  public static SshSettings defaults(Path home, Path agentSocket) {
    return new SshSettings(
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        Duration.ofMinutes(10),
        Duration.ofSeconds(15),
        3,
        50,
        home,
        home.resolve(".ssh").resolve("known_hosts"),
        null,
        false,
        agentSocket);
  }

  public SshSettings withConnectTimeout(Duration d) {
    return new SshSettings(
        d,
        authTimeout,
        commandTimeout,
        serverAliveInterval,
        serverAliveCountMax,
        outputTailLines,
        home,
        knownHosts,
        extraKnownHosts,
        acceptNewHostKeys,
        agentSocket);
  }

  public SshSettings withAuthTimeout(Duration d) {
    return new SshSettings(
        connectTimeout,
        d,
        commandTimeout,
        serverAliveInterval,
        serverAliveCountMax,
        outputTailLines,
        home,
        knownHosts,
        extraKnownHosts,
        acceptNewHostKeys,
        agentSocket);
  }

  public SshSettings withCommandTimeout(Duration d) {
    return new SshSettings(
        connectTimeout,
        authTimeout,
        d,
        serverAliveInterval,
        serverAliveCountMax,
        outputTailLines,
        home,
        knownHosts,
        extraKnownHosts,
        acceptNewHostKeys,
        agentSocket);
  }

  public SshSettings withServerAlive(Duration interval, int countMax) {
    return new SshSettings(
        connectTimeout,
        authTimeout,
        commandTimeout,
        interval,
        countMax,
        outputTailLines,
        home,
        knownHosts,
        extraKnownHosts,
        acceptNewHostKeys,
        agentSocket);
  }

  public SshSettings withOutputTailLines(int lines) {
    return new SshSettings(
        connectTimeout,
        authTimeout,
        commandTimeout,
        serverAliveInterval,
        serverAliveCountMax,
        lines,
        home,
        knownHosts,
        extraKnownHosts,
        acceptNewHostKeys,
        agentSocket);
  }

  public SshSettings withKnownHosts(Path file) {
    return new SshSettings(
        connectTimeout,
        authTimeout,
        commandTimeout,
        serverAliveInterval,
        serverAliveCountMax,
        outputTailLines,
        home,
        file,
        extraKnownHosts,
        acceptNewHostKeys,
        agentSocket);
  }

  public SshSettings withExtraKnownHosts(Path file) {
    return new SshSettings(
        connectTimeout,
        authTimeout,
        commandTimeout,
        serverAliveInterval,
        serverAliveCountMax,
        outputTailLines,
        home,
        knownHosts,
        file,
        acceptNewHostKeys,
        agentSocket);
  }

  public SshSettings withAcceptNewHostKeys(boolean accept) {
    return new SshSettings(
        connectTimeout,
        authTimeout,
        commandTimeout,
        serverAliveInterval,
        serverAliveCountMax,
        outputTailLines,
        home,
        knownHosts,
        extraKnownHosts,
        accept,
        agentSocket);
  }

  public SshSettings withAgentSocket(Path socket) {
    return new SshSettings(
        connectTimeout,
        authTimeout,
        commandTimeout,
        serverAliveInterval,
        serverAliveCountMax,
        outputTailLines,
        home,
        knownHosts,
        extraKnownHosts,
        acceptNewHostKeys,
        socket);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }
}
