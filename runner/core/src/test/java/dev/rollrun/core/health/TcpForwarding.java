package dev.rollrun.core.health;

import dev.rollrun.api.Host;
import dev.rollrun.core.shell.PortForwarding;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link PortForwarding} in the test JVM, standing in for SSH's: a local port on 127.0.0.1 whose
 * connections are piped to the remote endpoint; it records the endpoints forwarded.
 */
final class TcpForwarding implements PortForwarding, AutoCloseable {

  final List<String> forwarded = new CopyOnWriteArrayList<>();
  private final Map<String, ServerSocket> listeners = new ConcurrentHashMap<>();

  @Override
  public InetSocketAddress forward(Host host, String remoteHost, int remotePort) {
    String key = host.name() + ">" + remoteHost + ":" + remotePort;
    ServerSocket listener =
        listeners.computeIfAbsent(
            key,
            k -> {
              try {
                ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Thread accept =
                    new Thread(
                        () -> {
                          while (!server.isClosed()) {
                            try {
                              Socket in = server.accept();
                              Socket out = new Socket(remoteHost, remotePort);
                              pipe(in.getInputStream(), out.getOutputStream(), in, out);
                              pipe(out.getInputStream(), in.getOutputStream(), in, out);
                            } catch (IOException e) {
                              // closed
                            }
                          }
                        });
                accept.setDaemon(true);
                accept.start();
                forwarded.add(key);
                return server;
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    return new InetSocketAddress("127.0.0.1", listener.getLocalPort());
  }

  private static void pipe(InputStream from, OutputStream to, Socket a, Socket b) {
    Thread t =
        new Thread(
            () -> {
              try {
                from.transferTo(to);
              } catch (IOException e) {
                // one side closed
              } finally {
                try {
                  a.close();
                  b.close();
                } catch (IOException e) {
                  // closing
                }
              }
            });
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    for (ServerSocket s : listeners.values()) {
      s.close();
    }
  }
}
