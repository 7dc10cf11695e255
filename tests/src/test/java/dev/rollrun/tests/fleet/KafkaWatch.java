package dev.rollrun.tests.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches a Kafka cluster from the side while it is rolled: every period, which brokers are
 * registered, how many partitions are under-replicated, and which partitions of one topic could not
 * take an {@code acks=all} write (no leader, or fewer in-sync replicas than its minimum).
 */
public final class KafkaWatch implements AutoCloseable {

  /**
   * One look at the cluster.
   *
   * @param millis when the look began
   * @param until when it ended: the cluster was as seen at some moment between the two
   * @param answered whether the cluster answered at all
   * @param healthy every broker registered, every partition's replicas in sync
   * @param unavailable partitions of the watched topic that could not take a write
   */
  public record Sample(
      long millis, long until, boolean answered, boolean healthy, List<String> unavailable) {}

  private final KafkaCluster cluster;
  private final String topic;
  private final int minIsr;
  private final int size;
  private final Duration period;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread;

  private KafkaWatch(KafkaCluster cluster, int size, String topic, int minIsr, Duration period) {
    this.cluster = cluster;
    this.size = size;
    this.topic = topic;
    this.minIsr = minIsr;
    this.period = period;
    this.thread = new Thread(this::watch, "kafka-watch-" + topic);
  }

  /** Starts watching a cluster of {@code size} brokers and its topic {@code topic}. */
  public static KafkaWatch start(
      KafkaCluster cluster, int size, String topic, int minIsr, Duration period) {
    KafkaWatch watch = new KafkaWatch(cluster, size, topic, minIsr, period);
    watch.thread.setDaemon(true);
    watch.thread.start();
    return watch;
  }

  private void watch() {
    while (running.get()) {
      long now = System.currentTimeMillis();
      Optional<KafkaCluster.Snapshot> snapshot;
      try {
        snapshot = cluster.snapshot();
      } catch (IllegalStateException e) {
        return; // interrupted: closing
      }
      long until = System.currentTimeMillis();
      Sample sample =
          snapshot
              .map(
                  s ->
                      new Sample(
                          now,
                          until,
                          true,
                          s.healthy(size),
                          List.copyOf(s.unavailable(topic, minIsr))))
              .orElse(new Sample(now, until, false, false, List.of()));
      synchronized (samples) {
        samples.add(sample);
      }
      long spent = until - now;
      try {
        Thread.sleep(Math.max(0, period.toMillis() - spent));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Every sample so far, in time order. */
  public List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  /** The samples in which some partition of the topic could not take a write. */
  public List<Sample> unavailable() {
    return samples().stream().filter(s -> !s.unavailable().isEmpty()).toList();
  }

  @Override
  public void close() {
    running.set(false);
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
