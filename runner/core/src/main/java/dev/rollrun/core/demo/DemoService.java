package dev.rollrun.core.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * The tiny service each demo node runs: a TCP listener on the node's loopback address that {@code
 * demo-service start|stop|status} controls over the node's SSH server, like {@code systemctl} would
 * a real one. It takes a moment to start and to stop, as services do.
 */
final class DemoService {

  static final Duration START_DELAY = Duration.ofMillis(400);
  static final Duration STOP_DELAY = Duration.ofMillis(200);

  private final InetAddress address;
  private final int port;
  private ServerSocket socket;
  private Thread acceptor;

  DemoService(InetAddress address, int port) {
    this.address = address;
    this.port = port;
  }

  /** Picks a free port on {@code address} for a service. */
  static int freePort(InetAddress address) throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, address)) {
      return probe.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  synchronized boolean running() {
    return socket != null && !socket.isClosed();
  }

  /** Returns a line for the operator; throws when the service cannot start. */
  String start() throws IOException, InterruptedException {
    return start(START_DELAY);
  }

  /** Starts after {@code delay}, the time a real service takes to come up. */
  String start(Duration delay) throws IOException, InterruptedException {
    synchronized (this) {
      if (running()) {
        return "demo service already running on port " + port;
      }
    }
    Thread.sleep(delay.toMillis());
    synchronized (this) {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(address, port), 50);
      socket = s;
      acceptor = new Thread(() -> acceptUntilClosed(s), "demo-service-" + port);
      acceptor.setDaemon(true);
      acceptor.start();
      return "demo service started on port " + port;
    }
  }

  String stop() throws InterruptedException {
    ServerSocket s;
    synchronized (this) {
      s = socket;
      socket = null;
    }
    if (s == null) {
      return "demo service was not running";
    }
    Thread.sleep(STOP_DELAY.toMillis());
    try {
      s.close();
    } catch (IOException e) {
      // closing a listener that is going away anyway
    }
    return "demo service stopped";
  }

  private static void acceptUntilClosed(ServerSocket s) {
    while (!s.isClosed()) {
      try (Socket client = s.accept()) {
        client.getOutputStream().write("ok\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      } catch (IOException e) {
        return;
      }
    }
  }
}
