package dev.rollrun.tests.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Watches a {@link ZooKeeperEnsemble} from outside while it is rolled: every 100 ms, how many
 * followers the leader has in sync ({@code synced_followers} of its AdminServer's {@code mntr}), so
 * that a test can tell what the ensemble looked like at the moment a member was stopped.
 */
public final class EnsembleMonitor implements AutoCloseable {

  /**
   * One look at the ensemble.
   *
   * @param millis when (epoch milliseconds)
   * @param leader the member that leads (1-based), or 0 when none answers as leader
   * @param syncedFollowers the leader's followers in sync, or -1 without a leader
   */
  public record Sample(long millis, int leader, int syncedFollowers) {}

  private final ZooKeeperEnsemble ensemble;
  private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
  private final Thread thread;
  private volatile boolean running = true;

  private EnsembleMonitor(ZooKeeperEnsemble ensemble) {
    this.ensemble = ensemble;
    thread = new Thread(this::watch, "ensemble-monitor");
    thread.setDaemon(true);
  }

  public static EnsembleMonitor start(ZooKeeperEnsemble ensemble) {
    EnsembleMonitor monitor = new EnsembleMonitor(ensemble);
    monitor.thread.start();
    return monitor;
  }

  private void watch() {
    while (running) {
      long now = System.currentTimeMillis();
      int leader = 0;
      int synced = -1;
      for (int i = 1; i <= ensemble.size() && leader == 0; i++) {
        Optional<JsonNode> mntr = ensemble.mntr(i);
        if (mntr.isPresent() && mntr.get().path("server_state").asText().equals("leader")) {
          leader = i;
          synced = mntr.get().path("synced_followers").asInt(-1);
        }
      }
      samples.add(new Sample(now, leader, synced));
      Processes.sleep(Duration.ofMillis(100));
    }
  }

  /** Every sample so far. */
  public List<Sample> samples() {
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  /** The last sample taken before {@code millis}, if any. */
  public Optional<Sample> before(long millis) {
    Sample last = null;
    for (Sample s : samples()) {
      if (s.millis() >= millis) {
        break;
      }
      last = s;
    }
    return Optional.ofNullable(last);
  }

  /** The first sample at or after {@code millis} in which every follower is in sync again. */
  public Optional<Sample> firstInSyncAfter(long millis) {
    return samples().stream()
        .filter(s -> s.millis() >= millis && s.syncedFollowers() == ensemble.size() - 1)
        .findFirst();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }
}
