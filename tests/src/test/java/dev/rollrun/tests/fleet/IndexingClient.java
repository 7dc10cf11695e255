package dev.rollrun.tests.fleet;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client that indexes and searches an OpenSearch index without pause, as an application would
 * while the cluster is rolled: document after document ({@code PUT /INDEX/_doc/N}, so a retry
 * writes the same document again), and a search every {@value #SEARCH_EVERY} writes. Like the
 * official clients, a request that a node does not answer (refused, reset, 5 s without an answer)
 * or answers 429/5xx is sent to the next node, a little later each round; a write is
 * <em>acknowledged</em> when a node answered it 200/201, and <em>failed</em> when none did within
 * 15 s, when an application would give up.
 */
public final class IndexingClient implements AutoCloseable {

  static final int SEARCH_EVERY = 20;

  /** How long a write or search may take, all attempts together, before it counts as failed. */
  static final Duration GIVE_UP = Duration.ofSeconds(15);

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /** What the client saw. */
  public record Counts(
      long acknowledged, long failed, long retried, long searches, long searchesFailed) {
    @Override
    public String toString() {
      return acknowledged
          + " writes acknowledged, "
          + failed
          + " failed ("
          + retried
          + " sent again to another node), "
          + searches
          + " searches, "
          + searchesFailed
          + " failed";
    }
  }

  private final OpenSearchCluster cluster;
  private final String index;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong searches = new AtomicLong();
  private final AtomicLong searchesFailed = new AtomicLong();
  private final AtomicLong next;
  private volatile String lastFailure = "";
  private volatile String lastSearchFailure = "";
  private final Thread thread;

  /** Starts writing to {@code index}, document ids from {@code firstId}. */
  public IndexingClient(OpenSearchCluster cluster, String index, long firstId) {
    this.cluster = cluster;
    this.index = index;
    this.next = new AtomicLong(firstId);
    this.thread = new Thread(this::loop, "indexing-client");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  private void loop() {
    while (running.get()) {
      long id = next.getAndIncrement();
      String body = "{\"n\":" + id + ",\"at\":" + System.currentTimeMillis() + "}";
      if (send("PUT", "/" + index + "/_doc/" + id, body, (int) id)) {
        acknowledged.incrementAndGet();
      } else {
        failed.incrementAndGet();
      }
      if (id % SEARCH_EVERY == 0) {
        searches.incrementAndGet();
        if (!send("GET", "/" + index + "/_search?size=1&q=n:" + id, null, (int) id + 1)) {
          searchesFailed.incrementAndGet();
          lastSearchFailure = lastFailure;
        }
      }
    }
  }

  /**
   * Sends one request, to node {@code first} and then the others in turn; true once one accepted
   * it, false when none did within {@link #GIVE_UP}.
   */
  private boolean send(String method, String path, String body, int first) {
    List<OpenSearchCluster.Node> nodes = cluster.nodes();
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    for (int attempt = 0; ; attempt++) {
      if (attempt > 0) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        retried.incrementAndGet();
        if (attempt % nodes.size() == 0) {
          Processes.sleep(Duration.ofMillis(Math.min(1000, 100L * attempt)));
        }
      }
      OpenSearchCluster.Node node = nodes.get(Math.floorMod(first + attempt, nodes.size()));
      try {
        OpenSearchCluster.Answer answer = cluster.call(node, method, path, body, REQUEST_TIMEOUT);
        if (answer.status() == 200 || answer.status() == 201) {
          return true;
        }
        lastFailure = node.name() + ": " + answer.status() + " " + answer.body();
        if (answer.status() != 429 && answer.status() < 500) {
          return false;
        }
      } catch (IOException e) {
        lastFailure = node.name() + ": " + e;
      }
    }
  }

  /** What it saw so far. */
  public Counts counts() {
    return new Counts(
        acknowledged.get(), failed.get(), retried.get(), searches.get(), searchesFailed.get());
  }

  /** The last error a node answered or the last failure to reach one. */
  public String lastFailure() {
    return lastFailure;
  }

  /** Why the last search that failed did. */
  public String lastSearchFailure() {
    return lastSearchFailure;
  }

  /** Stops after the request in flight; returns what it saw. */
  public Counts stop() {
    running.set(false);
    try {
      thread.join(Duration.ofSeconds(120).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return counts();
  }

  /** The next document id it would have written. */
  public long nextId() {
    return next.get();
  }

  @Override
  public void close() {
    stop();
  }
}
