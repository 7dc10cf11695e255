package dev.rollrun.core.ssh;

import java.io.StreamCorruptedException;
import java.util.Arrays;
import org.apache.sshd.client.ClientFactoryManager;
import org.apache.sshd.client.session.ClientSessionImpl;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.buffer.Buffer;

/**
 * MINA's client session, watching the start of the connection for rollrun's messages:
 *
 * <ul>
 *   <li>it keeps what a server sent before identifying itself as SSH, so that a port where an HTTP
 *       server or anything else answers is reported as "not an SSH server: it sent ..." rather than
 *       as a closed connection;
 *   <li>a failure that rollrun explains itself (a host key it refused, a server that is not SSH)
 *       closes the session without MINA's warning and stack trace, which would otherwise reach the
 *       operator's terminal next to rollrun's own one-line message.
 * </ul>
 */
final class RollrunClientSession extends ClientSessionImpl {

  /** How much of a non-SSH answer is kept: enough for its first line. */
  private static final int KEPT = 256;

  RollrunClientSession(ClientFactoryManager client, IoSession ioSession) throws Exception {
    super(client, ioSession);
  }

  @Override
  protected boolean readIdentification(Buffer buffer) throws Exception {
    ConnectAttempt attempt = ConnectAttempt.of(this);
    ConnectAttempt.Hop hop = getAttribute(ConnectAttempt.HOP);
    if (attempt != null && hop != null) {
      // Everything the server sent so far is still in the buffer until a whole version line is in.
      int from = buffer.rpos();
      int to = from + Math.min(buffer.available(), KEPT);
      attempt.sentBeforeSsh(hop, Arrays.copyOfRange(buffer.array(), from, to));
    }
    boolean identified = super.readIdentification(buffer);
    if (identified && attempt != null && hop != null) {
      // Lines before "SSH-2.0-..." are allowed (RFC 4253, 4.2): this is an SSH server after all.
      attempt.identified(hop);
    }
    return identified;
  }

  @Override
  public void exceptionCaught(Throwable t) {
    if (explained(t)) {
      signalAuthFailure(t);
      signalExceptionCaught(t);
      close(true);
      return;
    }
    super.exceptionCaught(t);
  }

  private boolean explained(Throwable t) {
    ConnectAttempt attempt = ConnectAttempt.of(this);
    if (attempt == null) {
      return false;
    }
    if (attempt.rejection() != null
        && t instanceof SshException e
        && e.getDisconnectCode() == SshConstants.SSH2_DISCONNECT_HOST_KEY_NOT_VERIFIABLE) {
      return true;
    }
    return getServerVersion() == null
        && attempt.notSsh() != null
        && (t instanceof StreamCorruptedException || t instanceof SshException);
  }
}
