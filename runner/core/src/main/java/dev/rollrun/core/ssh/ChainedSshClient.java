package dev.rollrun.core.ssh;

import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.session.ClientSessionImpl;
import org.apache.sshd.client.session.SessionFactory;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.io.IoConnector;
import org.apache.sshd.common.io.IoSession;

/**
 * MINA's client, with the jump hosts taken from the already resolved {@link SshTarget} instead of
 * parsing {@code ProxyJump} again: {@link SshTargetResolver} has followed the ssh config once, the
 * same way OpenSSH does, and the chain must not be resolved differently at connect time. Its
 * sessions are {@link RollrunClientSession}s, and its connector runs a target's {@code
 * ProxyCommand} ({@link ProxyCommandConnector}).
 */
final class ChainedSshClient extends SshClient {

  /** TCP connections, or a {@code ProxyCommand} for the first server of a target that has one. */
  @Override
  protected IoConnector createConnector() {
    return new ProxyCommandConnector(super.createConnector(), getSessionFactory());
  }

  @Override
  protected SessionFactory createSessionFactory() {
    return new SessionFactory(this) {
      @Override
      protected ClientSessionImpl doCreateSession(IoSession ioSession) throws Exception {
        return new RollrunClientSession(getClient(), ioSession);
      }
    };
  }

  @Override
  protected List<HostConfigEntry> parseProxyJumps(
      HostConfigEntry entry, AttributeRepository context) {
    ConnectAttempt attempt = context == null ? null : context.getAttribute(ConnectAttempt.KEY);
    List<HostConfigEntry> jumps = new ArrayList<>();
    if (attempt == null) {
      return jumps;
    }
    // MINA connects to the last entry of this list first: hand it the chain backwards.
    List<SshTarget.Jump> chain = attempt.target.proxyJumps();
    for (int i = chain.size() - 1; i >= 0; i--) {
      SshTarget.Jump jump = chain.get(i);
      jumps.add(new HostConfigEntry(jump.alias(), jump.hostname(), jump.port(), jump.user()));
    }
    return jumps;
  }
}
