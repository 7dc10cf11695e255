package dev.rollrun.core.ssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * Local port forwards over the pooled SSH sessions: one per (host, remote endpoint), bound to an
 * ephemeral port on 127.0.0.1, kept while the session that carries it lives and opened again on the
 * new session once it was replaced.
 */
final class SshPortForwards implements AutoCloseable {

  private record Key(SshTarget target, String remoteHost, int remotePort) {}

  private record Forward(ClientSession session, ExplicitPortForwardingTracker tracker) {}

  private final SshSessionPool pool;
  private final Map<Key, Forward> forwards = new ConcurrentHashMap<>();

  SshPortForwards(SshSessionPool pool) {
    this.pool = pool;
  }

  InetSocketAddress forward(SshTarget target, String remoteHost, int remotePort) {
    Key key = new Key(target, remoteHost, remotePort);
    Forward forward =
        forwards.compute(
            key,
            (k, existing) -> {
              ClientSession session = pool.session(target);
              if (existing != null
                  && existing.session() == session
                  && existing.tracker().isOpen()) {
                return existing;
              }
              if (existing != null) {
                closeQuietly(existing);
              }
              try {
                ExplicitPortForwardingTracker tracker =
                    session.createLocalPortForwardingTracker(
                        new SshdSocketAddress("127.0.0.1", 0),
                        new SshdSocketAddress(remoteHost, remotePort));
                return new Forward(session, tracker);
              } catch (IOException e) {
                throw new SshConnectException(
                    target.name(),
                    target.endpoint(),
                    "cannot forward a local port to "
                        + remoteHost
                        + ":"
                        + remotePort
                        + " through SSH: "
                        + e.getMessage(),
                    e);
              }
            });
    SshdSocketAddress bound = forward.tracker().getBoundAddress();
    return new InetSocketAddress(bound.getHostName(), bound.getPort());
  }

  private static void closeQuietly(Forward forward) {
    try {
      forward.tracker().close();
    } catch (IOException | RuntimeException e) {
      // the session that carried it is gone already
    }
  }

  @Override
  public void close() {
    forwards.values().forEach(SshPortForwards::closeQuietly);
    forwards.clear();
  }
}
