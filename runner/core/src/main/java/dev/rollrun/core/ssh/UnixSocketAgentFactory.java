package dev.rollrun.core.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;

/**
 * Gives each authentication a fresh connection to the ssh-agent its server uses: the operator's
 * ({@code SSH_AUTH_SOCK}), the one its {@code IdentityAgent} names, or none. With {@code
 * IdentitiesOnly} only the agent's keys that belong to the server's identity files are offered. No
 * forwarding.
 */
final class UnixSocketAgentFactory implements SshAgentFactory {

  private final Path defaultSocket;

  /**
   * @param defaultSocket the operator's agent, or {@code null} for none
   */
  UnixSocketAgentFactory(Path defaultSocket) {
    this.defaultSocket = defaultSocket;
  }

  @Override
  public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
    return List.of();
  }

  @Override
  public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
    ConnectAttempt attempt = session == null ? null : ConnectAttempt.of(session);
    ConnectAttempt.Hop hop = session == null ? null : session.getAttribute(ConnectAttempt.HOP);
    Path socket = socketFor(hop);
    if (socket == null) {
      return null;
    }
    if (!Files.exists(socket)) {
      if (attempt != null) {
        attempt.agentProblem("ssh-agent at " + socket + " (no such socket)");
      }
      return null;
    }
    if (hop != null && hop.policy().identitiesOnly()) {
      Set<String> own = new HashSet<>();
      for (PublicKey key : hop.identities().publicKeys()) {
        own.add(KeyNames.fingerprint(key));
      }
      return new UnixSocketAgent(socket, attempt, key -> own.contains(KeyNames.fingerprint(key)));
    }
    return new UnixSocketAgent(socket, attempt);
  }

  /** The agent a server's keys come from, or {@code null} for none. */
  Path socketFor(ConnectAttempt.Hop hop) {
    if (hop == null) {
      return defaultSocket;
    }
    return switch (hop.policy().agent()) {
      case SETTINGS -> defaultSocket;
      case NONE -> null;
      case SOCKET -> hop.policy().agentSocket();
    };
  }

  /**
   * Agent forwarding is refused on purpose: a node of the roll must never be able to use the
   * operator's keys. rollrun never requests it, so MINA only gets here if a server asks.
   */
  @Override
  public SshAgentServer createServer(ConnectionService service) throws IOException {
    throw new IOException("rollrun refuses ssh-agent forwarding");
  }
}
