package dev.rollrun.core.exec;

import dev.rollrun.api.Host;
import dev.rollrun.api.RollrunException;
import dev.rollrun.core.event.EventSink;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.shell.Shell;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Opens the SSH session of every host, several at a time: a new SSH connection costs a key exchange
 * and, on OpenSSH, a fork of sshd (hundreds of milliseconds), which done one host after another
 * would dominate a large roll's start.
 */
final class ParallelConnect {

  static final int MAX_PARALLEL = 16;

  private ParallelConnect() {}

  /**
   * Connects to every host; emits {@link RunEvent.HostConnected} or {@link
   * RunEvent.HostUnreachable} for each, in host order.
   *
   * @return the failure of each host that could not be reached, in host order
   */
  static Map<String, RollrunException> connect(
      Shell shell, List<Host> hosts, Clock clock, EventSink events) {
    Map<String, RollrunException> failures = new ConcurrentHashMap<>();
    if (hosts.isEmpty()) {
      return Map.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(MAX_PARALLEL, hosts.size()));
    try {
      List<Future<RunEvent>> attempts = new ArrayList<>();
      for (Host host : hosts) {
        attempts.add(
            pool.submit(
                () -> {
                  Instant begin = clock.instant();
                  try {
                    String endpoint = shell.connect(host);
                    return new RunEvent.HostConnected(
                        host.name(), endpoint, Duration.between(begin, clock.instant()));
                  } catch (RollrunException e) {
                    failures.put(host.name(), e);
                    return new RunEvent.HostUnreachable(host.name(), e.getMessage());
                  }
                }));
      }
      for (Future<RunEvent> attempt : attempts) {
        events.emit(attempt.get());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RollrunException("interrupted while connecting to the hosts");
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(
          "internal error while connecting: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    Map<String, RollrunException> ordered = new LinkedHashMap<>();
    for (Host host : hosts) {
      RollrunException failure = failures.get(host.name());
      if (failure != null) {
        ordered.put(host.name(), failure);
      }
    }
    return ordered;
  }
}
