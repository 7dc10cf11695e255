package dev.rollrun.core.ssh;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where and how to reach one inventory host over SSH, after the inventory and the operator's
 * ssh_config have been merged (see {@link SshTargetResolver}).
 *
 * @param name the inventory name ({@code kafka-1}), used in every message
 * @param hostname what to connect to (DNS name or IP address)
 * @param port the SSH port
 * @param user the remote user
 * @param identityFiles private key files to offer, in order (after the ssh-agent's keys)
 * @param proxyJumps jump hosts in the order they are connected to; empty for a direct connection
 * @param policy how this server is authenticated to and its host key checked
 * @param proxyCommand the command ({@code ProxyCommand}, tokens expanded) over whose standard input
 *     and output the first server of the chain is reached (the first jump host, or the target when
 *     there is none), run with {@code $SHELL -c}; {@code null} for a TCP connection
 * @param proxyCommandSource where the command came from ({@code ~/.ssh/config:12}), for messages
 */
public record SshTarget(
    String name,
    String hostname,
    int port,
    String user,
    List<Path> identityFiles,
    List<Jump> proxyJumps,
    ServerPolicy policy,
    String proxyCommand,
    String proxyCommandSource) {

  public SshTarget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(policy, "policy");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    identityFiles = List.copyOf(identityFiles);
    proxyJumps = List.copyOf(proxyJumps);
  }

  /** A connection whose host keys and agent are as {@link SshSettings} say, without a command. */
  public SshTarget(
      String name,
      String hostname,
      int port,
      String user,
      List<Path> identityFiles,
      List<Jump> proxyJumps) {
    this(name, hostname, port, user, identityFiles, proxyJumps, ServerPolicy.DEFAULT, null, null);
  }

  /** A direct connection with the given keys. */
  public static SshTarget direct(
      String name, String hostname, int port, String user, List<Path> identityFiles) {
    return new SshTarget(name, hostname, port, user, identityFiles, List.of());
  }

  /** The same target, reached over a command's standard input and output. */
  public SshTarget withProxyCommand(String command, String source) {
    return new SshTarget(
        name, hostname, port, user, identityFiles, proxyJumps, policy, command, source);
  }

  /** The same target with another policy. */
  public SshTarget withPolicy(ServerPolicy other) {
    return new SshTarget(
        name,
        hostname,
        port,
        user,
        identityFiles,
        proxyJumps,
        other,
        proxyCommand,
        proxyCommandSource);
  }

  /** {@code hostname:port} ({@code [::1]:22} for IPv6 addresses). */
  public String endpoint() {
    return Commands.endpoint(hostname, port);
  }

  /**
   * The machine this target reaches, whatever it is called: its address and port, behind the jump
   * hosts or the command that lead to it. Two targets with the same route reach the same machine.
   */
  public String route() {
    StringBuilder s = new StringBuilder();
    if (proxyCommand != null) {
      s.append("ProxyCommand ").append(proxyCommand).append(" -> ");
    }
    for (Jump jump : proxyJumps) {
      s.append(jump.endpoint()).append(" -> ");
    }
    return s.append(endpoint()).toString();
  }

  /**
   * One jump host ({@code ProxyJump}) on the way to a target.
   *
   * @param alias the name as written in {@code ProxyJump} ({@code bastion})
   * @param policy how it is authenticated to and its host key checked
   */
  public record Jump(
      String alias,
      String hostname,
      int port,
      String user,
      List<Path> identityFiles,
      ServerPolicy policy) {

    public Jump {
      Objects.requireNonNull(alias, "alias");
      Objects.requireNonNull(hostname, "hostname");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(policy, "policy");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      identityFiles = List.copyOf(identityFiles);
    }

    /** A jump host whose host key and agent are as {@link SshSettings} say. */
    public Jump(String alias, String hostname, int port, String user, List<Path> identityFiles) {
      this(alias, hostname, port, user, identityFiles, ServerPolicy.DEFAULT);
    }

    public String endpoint() {
      return Commands.endpoint(hostname, port);
    }
  }
}
