package dev.rollrun.core.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.rmi.server.RMISocketFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JVM's RMI client sockets, for JMX through SSH. A JMX client first asks the RMI registry for
 * the connector's stub, then connects to the host and port written in that stub: through an SSH
 * forward, that endpoint must be sent to the forward too. A node whose JVM serves RMI on the
 * registry's port (and names the host rollrun forwards to) is reached entirely through its forward;
 * any other endpoint, while a node is being connected to through SSH, fails at once with what to
 * change rather than reaching past the tunnel.
 *
 * <p>Installed once per JVM ({@link RMISocketFactory#setSocketFactory}); every socket has connect
 * and read timeouts, so that a hung JVM is an unhealthy check, not a hung roll.
 */
final class RmiRedirects extends RMISocketFactory {

  static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  static final int READ_TIMEOUT_MILLIS = 15_000;

  /** The node being connected to through SSH on this thread, to refuse other endpoints. */
  record Tunnel(String node, String remoteHost, int remotePort, InetSocketAddress local) {}

  private static final RmiRedirects INSTANCE = new RmiRedirects();
  private static volatile boolean installed;

  private final Map<String, Tunnel> byEndpoint = new ConcurrentHashMap<>();
  private final ThreadLocal<Tunnel> connecting = new ThreadLocal<>();

  static synchronized RmiRedirects installed() {
    if (!installed) {
      try {
        RMISocketFactory.setSocketFactory(INSTANCE);
      } catch (IOException e) {
        // Someone else's factory: direct JMX still works; through SSH the stub's endpoint is
        // then not redirected, which the tunnel check reports.
      }
      installed = true;
    }
    return INSTANCE;
  }

  private static String key(String host, int port) {
    return host + ":" + port;
  }

  /**
   * Sends RMI connections to {@code remoteHost:remotePort} to the local end of the node's forward.
   *
   * @return null, or the other node that already answers as the same endpoint (RMI cannot tell them
   *     apart)
   */
  String register(Tunnel tunnel) {
    Tunnel before = byEndpoint.put(key(tunnel.remoteHost(), tunnel.remotePort()), tunnel);
    if (before != null && !before.node().equals(tunnel.node())) {
      byEndpoint.put(key(tunnel.remoteHost(), tunnel.remotePort()), before);
      return before.node();
    }
    return null;
  }

  /** Stops sending the tunnel's endpoint to its forward (the forward is closing). */
  void unregister(Tunnel tunnel) {
    byEndpoint.remove(key(tunnel.remoteHost(), tunnel.remotePort()), tunnel);
  }

  /** Runs {@code action} with connections other than the tunnel's refused on this thread. */
  <T> T through(Tunnel tunnel, java.util.concurrent.Callable<T> action) throws Exception {
    Tunnel outer = connecting.get();
    connecting.set(tunnel);
    try {
      return action.call();
    } finally {
      connecting.set(outer);
    }
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    Tunnel redirect = byEndpoint.get(key(host, port));
    InetSocketAddress target =
        redirect != null ? redirect.local() : new InetSocketAddress(host, port);
    Tunnel tunnel = connecting.get();
    if (tunnel == null && redirect == null) {
      // RMI's own threads (the distributed garbage collector's lease renewal) connect to a stub's
      // endpoint too: one on a tunnelled host must not reach past the tunnel either.
      tunnel =
          byEndpoint.values().stream()
              .filter(t -> t.remoteHost().equals(host))
              .findFirst()
              .orElse(null);
    }
    if (tunnel != null && redirect == null && !isLocalEnd(host, port)) {
      throw new IOException(
          "the JMX server of "
              + tunnel.node()
              + " sends its RMI connection to "
              + host
              + ":"
              + port
              + ", which is not forwarded through SSH (only "
              + tunnel.remoteHost()
              + ":"
              + tunnel.remotePort()
              + " is): start its JVM with -Dcom.sun.management.jmxremote.rmi.port="
              + tunnel.remotePort()
              + " (the registry's port) and -Djava.rmi.server.hostname="
              + tunnel.remoteHost());
    }
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(READ_TIMEOUT_MILLIS);
    socket.connect(target, CONNECT_TIMEOUT_MILLIS);
    return socket;
  }

  /** Whether host:port is the local end of a forward (where registry lookups go). */
  private boolean isLocalEnd(String host, int port) {
    Tunnel current = connecting.get();
    if (current != null && current.local().getPort() == port) {
      return true;
    }
    return byEndpoint.values().stream()
        .anyMatch(
            t ->
                t.local().getPort() == port
                    && (host.equals(t.local().getHostString()) || host.equals("localhost")));
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    return new ServerSocket(port);
  }
}
