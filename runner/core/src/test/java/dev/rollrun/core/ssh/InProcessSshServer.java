package dev.rollrun.core.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.channel.ChannelSessionFactory;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;

/**
 * A real SSH server inside the test JVM, on 127.0.0.1 and an ephemeral port: its own ed25519 host
 * key, public key authentication only, and commands run by {@code /bin/sh -c} like sshd does
 * (MINA's stock command factory splits on spaces instead). Like sshd without a pty, closing a
 * channel does not kill its command.
 */
final class InProcessSshServer implements AutoCloseable {

  private final SshServer server;
  private final KeyPair[] hostKeys;
  private final List<PublicKey> authorized = new CopyOnWriteArrayList<>();
  private final List<String> users = new CopyOnWriteArrayList<>();
  private final List<String> forwards = new CopyOnWriteArrayList<>();
  private final List<String> commands = new CopyOnWriteArrayList<>();
  private final AtomicInteger sessions = new AtomicInteger();
  private volatile Path extraPath;
  private volatile boolean ignoreChannelOpens;

  private InProcessSshServer(KeyPair... hostKeys) throws IOException {
    this.hostKeys = hostKeys.clone();
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    CoreModuleProperties.TCP_NODELAY.set(server, true);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKeys));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setPublickeyAuthenticator(
        (user, key, session) -> {
          boolean ok = authorized.stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
          if (ok) {
            users.add(user);
          }
          return ok;
        });
    server.setCommandFactory(
        (channel, command) -> {
          commands.add(command);
          return new ShellCommand(command);
        });
    server.setForwardingFilter(
        new AcceptAllForwardingFilter() {
          @Override
          public boolean canConnect(Type type, SshdSocketAddress address, Session session) {
            forwards.add(address.getHostName() + ":" + address.getPort());
            return true;
          }
        });
    // "session" channels (commands) as MINA's, unless the server is to ignore their opening.
    List<ChannelFactory> factories = new ArrayList<>(server.getChannelFactories());
    factories.replaceAll(
        f ->
            f.getName().equals(ChannelSessionFactory.INSTANCE.getName())
                ? new ChannelFactory() {
                  @Override
                  public String getName() {
                    return f.getName();
                  }

                  @Override
                  public Channel createChannel(Session session) throws IOException {
                    return new ChannelSession() {
                      @Override
                      public OpenFuture open(
                          long recipient, long rwSize, long packetSize, Buffer buffer) {
                        return ignoreChannelOpens
                            ? new DefaultOpenFuture(this, new Object()) // never answered
                            : super.open(recipient, rwSize, packetSize, buffer);
                      }
                    };
                  }
                }
                : f);
    server.setChannelFactories(factories);
    server.addSessionListener(
        new SessionListener() {
          @Override
          public void sessionCreated(Session session) {
            sessions.incrementAndGet();
          }
        });
    server.start();
  }

  static InProcessSshServer start() throws Exception {
    return start(newHostKey());
  }

  /** A server offering these host keys (several: one per type, as OpenSSH's sshd has). */
  static InProcessSshServer start(KeyPair... hostKeys) throws Exception {
    return new InProcessSshServer(hostKeys);
  }

  static KeyPair newHostKey() throws Exception {
    return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
  }

  static KeyPair newEcdsaHostKey() throws Exception {
    return KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
  }

  /** Lets a client key in (its {@code .pub} file). */
  InProcessSshServer authorize(Path publicKeyFile) throws Exception {
    String line = Files.readString(publicKeyFile).strip();
    authorized.add(PublicKeyEntry.parsePublicKeyEntry(line).resolvePublicKey(null, null, null));
    return this;
  }

  /** Commands find programs in this directory first (a fake {@code sudo}, for example). */
  InProcessSshServer withPathPrefix(Path dir) {
    this.extraPath = dir;
    return this;
  }

  /**
   * Lines the server sends before its SSH version line (RFC 4253 allows them), {@code |}-separated.
   */
  InProcessSshServer withLinesBeforeVersion(String lines) {
    CoreModuleProperties.SERVER_EXTRA_IDENTIFICATION_LINES.set(server, lines);
    return this;
  }

  int port() {
    return server.getPort();
  }

  /** The first host key. */
  PublicKey hostKey() {
    return hostKeys[0].getPublic();
  }

  /** This server's line for a known_hosts file, with its first host key. */
  String knownHostsLine() {
    return knownHostsLine(hostKeys[0].getPublic());
  }

  String knownHostsLine(PublicKey key) {
    return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key);
  }

  /** SSH connections accepted so far. */
  int sessionsOpened() {
    return sessions.get();
  }

  /** User names that authenticated, each once. */
  List<String> users() {
    return users.stream().distinct().toList();
  }

  /** Every command line an exec channel asked for, as the server received it. */
  List<String> commands() {
    return List.copyOf(commands);
  }

  /** {@code host:port} of every tunnel (ProxyJump) this server was asked to open. */
  List<String> forwards() {
    return List.copyOf(forwards);
  }

  /**
   * From now on the server never answers a request to open a channel (to start a command) on any
   * connection, as a host that hangs right after accepting the SSH connection.
   */
  void ignoreChannelOpens() {
    ignoreChannelOpens = true;
  }

  /** Closes every client connection at once, like a crashed host or a cut network. */
  void dropAllSessions() {
    for (var s : server.getActiveSessions()) {
      s.close(true);
    }
  }

  boolean hasActiveSessions() {
    return server.getActiveSessions().stream().anyMatch(s -> s.isOpen());
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }

  private final class ShellCommand implements Command {

    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Process process;

    ShellCommand(String command) {
      this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
      ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command);
      Map<String, String> environment = pb.environment();
      if (extraPath != null) {
        environment.put("PATH", extraPath + ":" + environment.get("PATH"));
      }
      process = pb.start();
      Thread stdin = copy(in, process.getOutputStream(), true);
      Thread stdout = copy(process.getInputStream(), out, false);
      Thread stderr = copy(process.getErrorStream(), err, false);
      Thread waiter =
          new Thread(
              () -> {
                try {
                  int code = process.waitFor();
                  stdout.join();
                  stderr.join();
                  stdin.interrupt();
                  exit.onExit(code);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "test-sshd-wait");
      waiter.setDaemon(true);
      waiter.start();
    }

    @Override
    public void destroy(ChannelSession channel) {
      // Like sshd without a pty: the command is not signalled when its channel closes.
      try {
        process.getOutputStream().close();
      } catch (IOException | RuntimeException e) {
        // already gone
      }
    }

    private Thread copy(InputStream from, OutputStream to, boolean closeTarget) {
      Thread t =
          new Thread(
              () -> {
                byte[] buf = new byte[8192];
                try {
                  for (int n = from.read(buf); n >= 0; n = from.read(buf)) {
                    to.write(buf, 0, n);
                    to.flush();
                  }
                } catch (IOException e) {
                  // channel or process gone
                } finally {
                  if (closeTarget) {
                    try {
                      to.close();
                    } catch (IOException e) {
                      // ignore
                    }
                  }
                }
              },
              "test-sshd-copy");
      t.setDaemon(true);
      t.start();
      return t;
    }
  }
}
