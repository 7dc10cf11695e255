package dev.rollrun.core.exec;

import dev.rollrun.api.Host;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A shell for executor tests: records every command with the logical time it started and returned,
 * and does what the test scripted for {@code host:command}: exit 1, throw, wait, or run a hook. The
 * health command {@code healthy} answers from {@link #unhealthy} and is not recorded.
 */
class ScriptedShell implements Shell {

  /** One command as it ran. */
  record Call(String host, String command, long started, long returned) {
    String key() {
      return host + ":" + command;
    }
  }

  /** Shared with the test's event log, so that commands and events can be ordered. */
  final AtomicLong ticks;

  final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  final Set<String> failing = ConcurrentHashMap.newKeySet();
  final Set<String> throwing = ConcurrentHashMap.newKeySet();
  final Set<String> unhealthy = ConcurrentHashMap.newKeySet();
  final Set<String> unreachable = ConcurrentHashMap.newKeySet();
  final Map<String, Long> delaysMillis = new ConcurrentHashMap<>();
  final Map<String, Consumer<String>> hooks = new ConcurrentHashMap<>();

  ScriptedShell(AtomicLong ticks) {
    this.ticks = ticks;
  }

  ScriptedShell() {
    this(new AtomicLong());
  }

  @Override
  public ShellResult run(Host host, ShellCommand command, LineListener lines) {
    String who = host == null ? "local" : host.name();
    String key = who + ":" + command.script();
    if (command.script().equals("healthy")) {
      if (unreachable.contains(who)) {
        throw new dev.rollrun.api.RollrunException(who + ": connection refused");
      }
      return new ShellResult(unhealthy.contains(who) ? 1 : 0, "", List.of());
    }
    long started = ticks.incrementAndGet();
    try {
      Long delay = delaysMillis.get(key);
      if (delay != null && delay > 0) {
        Thread.sleep(delay);
      }
      Consumer<String> hook = hooks.get(key);
      if (hook != null) {
        hook.accept(key);
      }
      if (throwing.contains(key)) {
        throw new IllegalStateException("defect while running " + key);
      }
      if (failing.contains(key)) {
        lines.line(true, "boom on " + who);
        return new ShellResult(1, "", List.of("boom on " + who));
      }
      lines.line(false, "ran " + command.script());
      return new ShellResult(0, "", List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      calls.add(new Call(who, command.script(), started, ticks.incrementAndGet()));
    }
  }

  /** The commands in the order they started, as {@code host:command}. */
  List<String> started() {
    synchronized (calls) {
      return calls.stream()
          .sorted(java.util.Comparator.comparingLong(Call::started))
          .map(Call::key)
          .toList();
    }
  }

  List<Call> callsOf(String host) {
    synchronized (calls) {
      return calls.stream().filter(c -> c.host().equals(host)).toList();
    }
  }

  @Override
  public String connect(Host host) {
    if (unreachable.contains(host.name())) {
      throw new dev.rollrun.api.RollrunException(host.name() + ": connection refused");
    }
    return host.address();
  }

  @Override
  public void close() {}
}
