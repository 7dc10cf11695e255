package dev.rollrun.tests.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;

/**
 * A ZooKeeper client that writes all the time, as an application would: Apache Curator with the
 * retry policy of Curator's own examples ({@code ExponentialBackoffRetry(1000, 3)}: a write that
 * loses its connection is tried again up to three times, 1 s, 2 s and 4 s apart at most), a 10 s
 * session and a 3 s connection timeout. Each write creates {@code <root>/w-<n>}; when an earlier
 * attempt of a write was applied before its connection broke, the retry finds the node there, and
 * the write counts as done (the application's idempotent create). A write counts as failed when
 * Curator gives up on it.
 */
public final class ZooKeeperWriter implements AutoCloseable {

  private final CuratorFramework client;
  private final String root;
  private final Thread thread;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong longestMillis = new AtomicLong();
  private final List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

  private ZooKeeperWriter(String connectString, String root) {
    this.root = root;
    client =
        CuratorFrameworkFactory.builder()
            .connectString(connectString)
            .sessionTimeoutMs(10_000)
            .connectionTimeoutMs(3_000)
            .retryPolicy(new ExponentialBackoffRetry(1000, 3))
            .build();
    client.start();
    thread = new Thread(this::writeUntilClosed, "zookeeper-writer " + root);
    thread.setDaemon(true);
  }

  /** Connects and starts writing under {@code root} (a new path). */
  public static ZooKeeperWriter start(String connectString, String root) throws Exception {
    ZooKeeperWriter writer = new ZooKeeperWriter(connectString, root);
    if (!writer.client.blockUntilConnected(30, java.util.concurrent.TimeUnit.SECONDS)) {
      writer.client.close();
      throw new IllegalStateException("cannot connect to " + connectString);
    }
    writer.client.create().creatingParentsIfNeeded().forPath(root);
    writer.thread.start();
    return writer;
  }

  private void writeUntilClosed() {
    for (long n = 1; running.get(); n++) {
      long started = System.nanoTime();
      try {
        client
            .create()
            .forPath(root + "/w-" + n, Long.toString(n).getBytes(StandardCharsets.UTF_8));
        ok.incrementAndGet();
        acknowledged.add(n);
      } catch (KeeperException.NodeExistsException e) {
        ok.incrementAndGet();
        acknowledged.add(n);
      } catch (Exception e) {
        failed.incrementAndGet();
        failures.add("w-" + n + ": " + e);
      }
      longestMillis.accumulateAndGet(
          Duration.ofNanos(System.nanoTime() - started).toMillis(), Math::max);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Writes acknowledged so far (after Curator's retries). */
  public long ok() {
    return ok.get();
  }

  /** Writes Curator gave up on. */
  public long failed() {
    return failed.get();
  }

  /** Why each failed write failed. */
  public List<String> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  /** The longest a write took, retries included: how long the application was held up. */
  public Duration longestWrite() {
    return Duration.ofMillis(longestMillis.get());
  }

  /** Stops writing; the client stays connected for {@link #missingAcknowledged()}. */
  public void stop() throws InterruptedException {
    running.set(false);
    thread.join(60_000);
  }

  /** How many acknowledged writes are not in the ensemble (read back after {@link #stop()}). */
  public long missingAcknowledged() throws Exception {
    java.util.Set<String> present = new java.util.HashSet<>(client.getChildren().forPath(root));
    synchronized (acknowledged) {
      return acknowledged.stream().filter(n -> !present.contains("w-" + n)).count();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
    client.close();
  }
}
