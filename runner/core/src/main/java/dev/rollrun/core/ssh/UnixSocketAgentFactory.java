package dev.rollrun.core.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;

/** Gives each authentication a fresh connection to the operator's ssh-agent. No forwarding. */
final class UnixSocketAgentFactory implements SshAgentFactory {

  private final Path socket;

  UnixSocketAgentFactory(Path socket) {
    this.socket = socket;
  }

  @Override
  public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
    return List.of();
  }

  @Override
  public SshAgent createClient(Session session, FactoryManager manager) throws IOException {
    ConnectAttempt attempt = session == null ? null : ConnectAttempt.of(session);
    if (!Files.exists(socket)) {
      if (attempt != null) {
        attempt.agentProblem("ssh-agent at " + socket + " (no such socket)");
      }
      return null;
    }
    return new UnixSocketAgent(socket, attempt);
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
