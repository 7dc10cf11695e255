package dev.rollrun.core.ssh;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where and how to reach one inventory host over SSH, after the inventory and {@code ~/.ssh/config}
 * have been merged (see {@link SshTargetResolver}).
 *
 * @param name the inventory name ({@code kafka-1}), used in every message
 * @param hostname what to connect to (DNS name or IP address)
 * @param port the SSH port
 * @param user the remote user
 * @param identityFiles private key files to offer, in order (after the ssh-agent's keys)
 * @param proxyJumps jump hosts in the order they are connected to; empty for a direct connection
 */
public record SshTarget(
    String name,
    String hostname,
    int port,
    String user,
    List<Path> identityFiles,
    List<Jump> proxyJumps) {

  public SshTarget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(user, "user");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    identityFiles = List.copyOf(identityFiles);
    proxyJumps = List.copyOf(proxyJumps);
  }

  /** A direct connection with the given keys. */
  public static SshTarget direct(
      String name, String hostname, int port, String user, List<Path> identityFiles) {
    return new SshTarget(name, hostname, port, user, identityFiles, List.of());
  }

  /** {@code hostname:port} ({@code [::1]:22} for IPv6 addresses). */
  public String endpoint() {
    return Commands.endpoint(hostname, port);
  }

  /**
   * One jump host ({@code ProxyJump}) on the way to a target.
   *
   * @param alias the name as written in {@code ProxyJump} ({@code bastion})
   */
  public record Jump(
      String alias, String hostname, int port, String user, List<Path> identityFiles) {

    public Jump {
      Objects.requireNonNull(alias, "alias");
      Objects.requireNonNull(hostname, "hostname");
      Objects.requireNonNull(user, "user");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      identityFiles = List.copyOf(identityFiles);
    }

    public String endpoint() {
      return Commands.endpoint(hostname, port);
    }
  }
}
