package dev.rollrun.core.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP server on 127.0.0.1 that is not an SSH server: to each connection it writes fixed bytes (an
 * HTTP error, random noise), reads a little of what the client sent, and closes, as a web server or
 * another service on a wrongly configured port would.
 */
final class GarbageServer implements AutoCloseable {

  private final ServerSocket socket;
  private final Thread acceptor;

  private GarbageServer(byte[] answer) throws IOException {
    socket = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
    acceptor =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                  InputStream in = client.getInputStream();
                  client.setSoTimeout(2000);
                  in.read(new byte[256]);
                  OutputStream out = client.getOutputStream();
                  out.write(answer);
                  out.flush();
                } catch (IOException e) {
                  // the client went away, or the server was closed
                }
              }
            },
            "test-garbage-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static GarbageServer answering(String text) throws IOException {
    return new GarbageServer(text.getBytes(StandardCharsets.UTF_8));
  }

  static GarbageServer answering(byte[] bytes) throws IOException {
    return new GarbageServer(bytes.clone());
  }

  int port() {
    return socket.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
