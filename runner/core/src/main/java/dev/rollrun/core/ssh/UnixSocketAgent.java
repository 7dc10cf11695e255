package dev.rollrun.core.ssh;

import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * A client of a running ssh-agent over its Unix domain socket ({@code SSH_AUTH_SOCK}), using the
 * JDK's own Unix socket support; MINA builds the agent protocol messages. (MINA's own Unix agent
 * client needs Tomcat's native APR library.)
 */
final class UnixSocketAgent extends AbstractAgentProxy {

  /** Far more than any agent answer (a list of keys); guards against reading garbage. */
  private static final int MAX_MESSAGE = 256 * 1024;

  /**
   * An agent that asks its user to confirm a key may wait for ever; authentication runs on MINA's
   * I/O threads, which must not.
   */
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

  private final Path socket;
  private final ConnectAttempt attempt;
  private final Predicate<PublicKey> offered;
  private SocketChannel channel;
  private Selector selector;
  private SelectionKey key;
  private boolean open = true;

  UnixSocketAgent(Path socket, ConnectAttempt attempt) {
    this(socket, attempt, key -> true);
  }

  /**
   * @param offered which of the agent's keys may be offered ({@code IdentitiesOnly}: only those of
   *     the server's identity files)
   */
  UnixSocketAgent(Path socket, ConnectAttempt attempt, Predicate<PublicKey> offered) {
    super(null);
    this.socket = socket;
    this.attempt = attempt;
    this.offered = offered;
  }

  /**
   * The agent's keys; an agent that cannot be reached offers none (and the reason is kept for the
   * authentication failure message) instead of failing the whole authentication.
   */
  @Override
  public Iterable<? extends Map.Entry<PublicKey, String>> getIdentities() throws IOException {
    try {
      List<Map.Entry<PublicKey, String>> ids = new java.util.ArrayList<>();
      for (Map.Entry<PublicKey, String> id : super.getIdentities()) {
        if (offered.test(id.getKey())) {
          ids.add(id);
        }
      }
      if (attempt != null) {
        for (Map.Entry<PublicKey, String> id : ids) {
          String comment =
              id.getValue() == null || id.getValue().isEmpty() ? "" : " " + id.getValue();
          attempt.agentKey(
              KeyNames.fingerprint(id.getKey()),
              "ssh-agent key (" + KeyNames.describe(id.getKey()) + comment + ")");
        }
      }
      return ids;
    } catch (IOException e) {
      if (attempt != null) {
        attempt.agentProblem("ssh-agent at " + socket + " (cannot use it: " + e.getMessage() + ")");
      }
      return List.of();
    }
  }

  @Override
  protected synchronized Buffer request(Buffer buffer) throws IOException {
    connect();
    long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
    transfer(ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available()), true, deadline);
    ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
    transfer(length, false, deadline);
    int n = length.flip().getInt();
    if (n < 0 || n > MAX_MESSAGE) {
      throw new StreamCorruptedException("ssh-agent answered with a length of " + n);
    }
    ByteBuffer payload = ByteBuffer.allocate(n);
    transfer(payload, false, deadline);
    return new ByteArrayBuffer(payload.array());
  }

  private void connect() throws IOException {
    if (!open) {
      throw new IOException("agent client closed");
    }
    if (channel != null) {
      return;
    }
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.configureBlocking(false);
      selector = Selector.open();
      key = ch.register(selector, 0);
    } catch (IOException e) {
      ch.close();
      if (selector != null) {
        selector.close();
        selector = null;
      }
      throw e;
    }
    channel = ch;
  }

  /** Writes all of {@code buf}, or fills it by reading, before the deadline. */
  private void transfer(ByteBuffer buf, boolean write, long deadline) throws IOException {
    while (buf.hasRemaining()) {
      int n = write ? channel.write(buf) : channel.read(buf);
      if (n < 0) {
        throw new EOFException("ssh-agent closed the connection");
      }
      if (n > 0) {
        continue;
      }
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new SocketTimeoutException(
            "ssh-agent did not answer within " + Commands.formatDuration(ANSWER_TIMEOUT));
      }
      key.interestOps(write ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
      selector.select(left);
      selector.selectedKeys().clear();
    }
  }

  @Override
  public synchronized boolean isOpen() {
    return open;
  }

  @Override
  public synchronized void close() throws IOException {
    open = false;
    try {
      if (selector != null) {
        selector.close();
      }
      if (channel != null) {
        channel.close();
      }
    } finally {
      channel = null;
      selector = null;
      super.close();
    }
  }
}
