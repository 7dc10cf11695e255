package dev.rollrun.core.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.io.AbstractIoWriteFuture;
import org.apache.sshd.common.io.IoHandler;
import org.apache.sshd.common.io.IoService;
import org.apache.sshd.common.io.IoSession;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.common.util.closeable.AbstractCloseable;

/**
 * An SSH connection carried over the standard input and output of a {@code ProxyCommand}, as
 * OpenSSH carries it: the command runs as {@code $SHELL -c "exec COMMAND"} ({@code /bin/sh} when
 * {@code SHELL} is not set), what it writes is what the server sent, what rollrun sends is written
 * to it. Its standard error is kept (the last lines) to explain a connection that fails.
 *
 * <p>Each direction has a thread of its own, so that a command that blocks writing while rollrun
 * writes to it can never deadlock. Closing the session ends the command (TERM, then KILL).
 */
final class ProxyCommandSession extends AbstractCloseable implements IoSession {

  private static final AtomicLong IDS = new AtomicLong();
  private static final int KEPT_LINES = 5;

  private final long id = IDS.incrementAndGet();
  private final ProxyCommandConnector service;
  private final IoHandler handler;
  private final Process process;
  private final SocketAddress remote;
  private final Map<Object, Object> attributes = new ConcurrentHashMap<>();
  private final ExecutorService writer;
  private final Deque<String> stderr = new ArrayDeque<>();
  private final Object readLock = new Object();
  private boolean suspended; // guarded by readLock

  private ProxyCommandSession(
      ProxyCommandConnector service, IoHandler handler, Process process, SocketAddress remote) {
    this.service = service;
    this.handler = handler;
    this.process = process;
    this.remote = remote;
    this.writer =
        Executors.newSingleThreadExecutor(r -> daemon(r, "rollrun-proxy-" + id + "-write"));
  }

  /**
   * Starts the command; nothing is read from it until {@link #startReading()}.
   *
   * @throws IOException when the command cannot be started
   */
  static ProxyCommandSession start(
      ProxyCommandConnector service, IoHandler handler, String command, SocketAddress remote)
      throws IOException {
    String shell = System.getenv("SHELL");
    if (shell == null || shell.isEmpty()) {
      shell = "/bin/sh";
    }
    ProcessBuilder builder = new ProcessBuilder(shell, "-c", command);
    Process process = builder.start();
    ProxyCommandSession session = new ProxyCommandSession(service, handler, process, remote);
    daemon(session::drainStderr, "rollrun-proxy-" + session.id + "-stderr").start();
    return session;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Starts passing what the command writes to the SSH session. */
  void startReading() {
    daemon(this::readLoop, "rollrun-proxy-" + id + "-read").start();
  }

  private void readLoop() {
    byte[] buf = new byte[32 * 1024];
    try (InputStream in = process.getInputStream()) {
      while (!isClosing()) {
        synchronized (readLock) {
          while (suspended && !isClosing()) {
            readLock.wait();
          }
        }
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        handler.messageReceived(this, new ByteArrayBuffer(buf, 0, n));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      if (!isClosing()) {
        try {
          handler.exceptionCaught(this, t);
        } catch (Exception ignored) {
          // the session is closed below
        }
      }
    }
    close(true);
  }

  private void drainStderr() {
    try (java.io.BufferedReader err =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = err.readLine()) != null) {
        keep(line.length() > 500 ? line.substring(0, 500) : line);
      }
    } catch (IOException e) {
      // the command is gone
    }
  }

  private void keep(String line) {
    String l = line.strip();
    if (l.isEmpty()) {
      return;
    }
    synchronized (stderr) {
      stderr.addLast(l);
      while (stderr.size() > KEPT_LINES) {
        stderr.removeFirst();
      }
    }
  }

  /**
   * What went wrong with the command, in words, or {@code null} while it runs quietly: its exit
   * status once it ended, and the last line of its standard error.
   */
  String problem() {
    List<String> lines;
    synchronized (stderr) {
      lines = List.copyOf(stderr);
    }
    String last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
    boolean ended = waitBriefly();
    if (!ended && last == null) {
      return null;
    }
    String status = ended ? "exited with status " + process.exitValue() : "is running";
    return status + (last == null ? "" : ": " + last);
  }

  private boolean waitBriefly() {
    try {
      return process.waitFor(200, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  @Override
  public long getId() {
    return id;
  }

  @Override
  public SocketAddress getAcceptanceAddress() {
    return null;
  }

  @Override
  public SocketAddress getRemoteAddress() {
    return remote;
  }

  @Override
  public SocketAddress getLocalAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  @Override
  public Object getAttribute(Object key) {
    return attributes.get(key);
  }

  @Override
  public Object setAttribute(Object key, Object value) {
    return value == null ? attributes.remove(key) : attributes.put(key, value);
  }

  @Override
  public Object setAttributeIfAbsent(Object key, Object value) {
    return attributes.putIfAbsent(key, value);
  }

  @Override
  public Object removeAttribute(Object key) {
    return attributes.remove(key);
  }

  @Override
  public IoWriteFuture writeBuffer(Buffer buffer) throws IOException {
    byte[] bytes = buffer.getCompactData();
    Written future = new Written(remote);
    if (isClosing()) {
      future.failed(new ClosedChannelException());
      return future;
    }
    try {
      writer.execute(
          () -> {
            try {
              OutputStream out = process.getOutputStream();
              out.write(bytes);
              out.flush();
              future.written();
            } catch (IOException | RuntimeException e) {
              future.failed(e);
              close(true);
            }
          });
    } catch (RejectedExecutionException e) {
      future.failed(new ClosedChannelException());
    }
    return future;
  }

  @Override
  public IoService getService() {
    return service;
  }

  @Override
  public void shutdownOutputStream() throws IOException {
    try {
      writer.execute(
          () -> {
            try {
              process.getOutputStream().close();
            } catch (IOException e) {
              // already closed
            }
          });
    } catch (RejectedExecutionException e) {
      // closing anyway
    }
  }

  @Override
  public void suspendRead() {
    synchronized (readLock) {
      suspended = true;
    }
  }

  @Override
  public void resumeRead() {
    synchronized (readLock) {
      suspended = false;
      readLock.notifyAll();
    }
  }

  @Override
  protected void doCloseImmediately() {
    writer.shutdownNow();
    synchronized (readLock) {
      readLock.notifyAll();
    }
    // TERM now, KILL what is left 2 s later; closing never waits for the command.
    ProcessHandle handle = process.toHandle();
    List<ProcessHandle> started = handle.descendants().toList();
    started.forEach(ProcessHandle::destroy);
    process.destroy();
    CompletableFuture.delayedExecutor(2, TimeUnit.SECONDS)
        .execute(
            () -> {
              started.forEach(ProcessHandle::destroyForcibly);
              if (process.isAlive()) {
                process.destroyForcibly();
              }
            });
    service.sessionClosed(this);
    super.doCloseImmediately();
    try {
      handler.sessionClosed(this);
    } catch (Throwable e) {
      // the SSH session is gone either way
    }
  }

  @Override
  public String toString() {
    return "ProxyCommandSession[" + id + " to " + remote + "]";
  }

  /** The outcome of one write to the command. */
  private static final class Written extends AbstractIoWriteFuture {
    Written(Object id) {
      super(id, null);
    }

    void written() {
      setValue(Boolean.TRUE);
    }

    void failed(Throwable t) {
      setValue(t);
    }
  }
}
