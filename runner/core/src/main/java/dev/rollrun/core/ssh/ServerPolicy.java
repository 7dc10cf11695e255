package dev.rollrun.core.ssh;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How rollrun authenticates to one server of a connection (the target or a jump host) and checks
 * its host key, as the operator's ssh_config says ({@code IdentitiesOnly}, {@code IdentityAgent},
 * {@code UserKnownHostsFile}, {@code GlobalKnownHostsFile}, {@code HashKnownHosts}, {@code
 * StrictHostKeyChecking}, {@code HostKeyAlias}). {@link #DEFAULT} leaves everything to {@link
 * SshSettings}.
 *
 * @param identitiesOnly offer only the identity files' keys, and of the agent's keys only those
 *     (like OpenSSH's {@code IdentitiesOnly yes})
 * @param agent which ssh-agent to ask for keys
 * @param agentSocket for {@link Agent#SOCKET}: the agent's socket
 * @param userKnownHosts the known_hosts files checked, the first one written by accept-new; {@code
 *     null}: {@link SshSettings#knownHosts()}
 * @param globalKnownHosts known_hosts files only read ({@code /etc/ssh/ssh_known_hosts})
 * @param hashKnownHosts write host names hashed when recording a key (accept-new)
 * @param acceptNew accept and record a key of a host that is not in any file (ssh_config's {@code
 *     StrictHostKeyChecking accept-new}); {@link SshSettings#acceptNewHostKeys()} also does
 * @param notHonoured what the operator asked that rollrun does not do (an ssh_config {@code
 *     StrictHostKeyChecking no}, with its file:line), said when a host key is refused; or {@code
 *     null}
 * @param hostKeyAlias the name the server's key is looked up and recorded under, or {@code null}
 *     for its host name and port
 */
public record ServerPolicy(
    boolean identitiesOnly,
    Agent agent,
    Path agentSocket,
    List<Path> userKnownHosts,
    List<Path> globalKnownHosts,
    boolean hashKnownHosts,
    boolean acceptNew,
    String notHonoured,
    String hostKeyAlias) {

  /** Where keys from an agent come from. */
  public enum Agent {
    /** {@link SshSettings#agentSocket()} ({@code SSH_AUTH_SOCK}). */
    SETTINGS,
    /** No agent ({@code IdentityAgent none}). */
    NONE,
    /** {@link ServerPolicy#agentSocket()}. */
    SOCKET
  }

  /** Nothing from ssh_config: {@link SshSettings} decides. */
  public static final ServerPolicy DEFAULT =
      new ServerPolicy(false, Agent.SETTINGS, null, null, List.of(), false, false, null, null);

  public ServerPolicy {
    Objects.requireNonNull(agent, "agent");
    if (agent == Agent.SOCKET) {
      Objects.requireNonNull(agentSocket, "agentSocket");
    }
    userKnownHosts = userKnownHosts == null ? null : List.copyOf(userKnownHosts);
    globalKnownHosts = List.copyOf(globalKnownHosts);
  }
}
