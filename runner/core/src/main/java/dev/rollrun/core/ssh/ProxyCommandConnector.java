package dev.rollrun.core.ssh;

import java.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.io.DefaultIoConnectFuture;
import org.apache.sshd.common.io.IoConnectFuture;
import org.apache.sshd.common.io.IoConnector;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoServiceEventListener;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.util.closeable.AbstractCloseable;

/**
 * MINA's connector, except for the first connection of a {@link ConnectAttempt} whose target says
 * to reach it through a {@code ProxyCommand}: that one is a {@link ProxyCommandSession} over the
 * command's standard input and output, never a TCP connection. (The servers after the first of a
 * chain are reached through the first one's forwarding, as before.)
 */
final class ProxyCommandConnector extends AbstractCloseable implements IoConnector {

  private final IoConnector tcp;
  private final IoHandler handler;
  private final Map<Long, IoSession> sessions = new ConcurrentHashMap<>();

  ProxyCommandConnector(IoConnector tcp, IoHandler handler) {
    this.tcp = tcp;
    this.handler = handler;
  }

  @Override
  public IoConnectFuture connect(
      SocketAddress address, AttributeRepository context, SocketAddress localAddress) {
    ConnectAttempt attempt = context == null ? null : context.getAttribute(ConnectAttempt.KEY);
    String command = attempt == null ? null : attempt.claimProxyCommand();
    if (command == null) {
      return tcp.connect(address, context, localAddress);
    }
    IoConnectFuture future = new DefaultIoConnectFuture(address, null);
    ProxyCommandSession session = null;
    try {
      session = ProxyCommandSession.start(this, handler, command, address);
      attempt.proxied(session);
      session.setAttribute(AttributeRepository.class, context);
      sessions.put(session.getId(), session);
      handler.sessionCreated(session);
      future.setSession(session);
      session.startReading();
    } catch (Throwable t) {
      if (session != null) {
        session.close(true);
      }
      future.setException(t);
    }
    return future;
  }

  void sessionClosed(ProxyCommandSession session) {
    sessions.remove(session.getId());
  }

  @Override
  public Map<Long, IoSession> getManagedSessions() {
    Map<Long, IoSession> all = new HashMap<>(tcp.getManagedSessions());
    all.putAll(sessions);
    return all;
  }

  @Override
  public IoServiceEventListener getIoServiceEventListener() {
    return tcp.getIoServiceEventListener();
  }

  @Override
  public void setIoServiceEventListener(IoServiceEventListener listener) {
    tcp.setIoServiceEventListener(listener);
  }

  @Override
  protected void doCloseImmediately() {
    for (IoSession s : sessions.values()) {
      s.close(true);
    }
    tcp.close(true);
    super.doCloseImmediately();
  }
}
