package dev.rollrun.tests.fleet;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs local commands and deals with processes by pid, the Linux way ({@code /proc}).
 *
 * <p>"Alive" here means "exists and is not a zombie": a daemon that outlived the shell that started
 * it is re-parented to pid 1, and on machines whose pid 1 does not reap, a stopped daemon stays a
 * zombie that {@code kill -0} still reports.
 */
final class Processes {

  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fleet-process-reader");
            t.setDaemon(true);
            return t;
          });

  private Processes() {}

  /** Runs a command with standard input from /dev/null, capturing its output. */
  static CommandResult run(List<String> command, Duration timeout) {
    return run(new ProcessBuilder(command), timeout);
  }

  /** Runs a prepared command with standard input from /dev/null, capturing its output. */
  static CommandResult run(ProcessBuilder builder, Duration timeout) {
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", builder.command()), e);
    }
    Future<String> stdout = READERS.submit(() -> readAll(process.getInputStream()));
    Future<String> stderr = READERS.submit(() -> readAll(process.getErrorStream()));
    boolean timedOut = false;
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        timedOut = true;
        killTree(process.toHandle(), Duration.ofSeconds(5));
        process.waitFor();
      }
      return new CommandResult(
          builder.command(),
          timedOut ? -1 : process.exitValue(),
          stdout.get(5, TimeUnit.SECONDS),
          stderr.get(5, TimeUnit.SECONDS),
          Duration.ofNanos(System.nanoTime() - started),
          timedOut);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killTree(process.toHandle(), Duration.ofSeconds(5));
      throw new IllegalStateException("interrupted while running " + builder.command(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the output of " + builder.command(), e);
    }
  }

  /** Runs a command and fails with its output unless it exits 0. */
  static CommandResult check(List<String> command, Duration timeout) {
    CommandResult result = run(command, timeout);
    if (!result.ok()) {
      throw new IllegalStateException(result.describe());
    }
    return result;
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    in.transferTo(buffer);
    return buffer.toString(StandardCharsets.UTF_8);
  }

  /** Whether the process exists and is not a zombie. */
  static boolean isAlive(long pid) {
    if (pid <= 0) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // "pid (comm) S ...": comm may contain spaces and parentheses, the state follows the last ')'
      int end = stat.lastIndexOf(')');
      char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  /** The process's command line with arguments separated by spaces, or "" when it is gone. */
  static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
    } catch (IOException e) {
      return "";
    }
  }

  /** The process and all its descendants, parents first, taken in one snapshot. */
  static List<ProcessHandle> tree(ProcessHandle root) {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(root);
    root.descendants().forEach(tree::add);
    return tree;
  }

  /** SIGKILLs a process and its descendants, then waits until none is alive. */
  static boolean killTree(ProcessHandle root, Duration timeout) {
    return killAll(tree(root), timeout);
  }

  /** SIGKILLs the processes, then waits until none is alive. */
  static boolean killAll(Collection<ProcessHandle> processes, Duration timeout) {
    processes.forEach(ProcessHandle::destroyForcibly);
    return awaitGone(processes.stream().map(ProcessHandle::pid).toList(), timeout);
  }

  /** SIGTERMs a process, waits for it, and SIGKILLs it if it does not go in time. */
  static boolean terminate(ProcessHandle process, Duration grace) {
    process.destroy();
    if (awaitGone(List.of(process.pid()), grace)) {
      return true;
    }
    process.destroyForcibly();
    return awaitGone(List.of(process.pid()), Duration.ofSeconds(5));
  }

  /** Waits until none of the pids is alive; returns false if some still are at the deadline. */
  static boolean awaitGone(Collection<Long> pids, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (pids.stream().anyMatch(Processes::isAlive)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      sleep(Duration.ofMillis(10));
    }
    return true;
  }

  /** Single-quotes a word for a POSIX shell (when it needs quoting). */
  static String shellQuote(String word) {
    if (word.matches("[A-Za-z0-9_./@%+=:,-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** Runs the action on every item, a few at a time; rethrows the first failure. */
  static <T> void forEachParallel(List<T> items, Consumer<T> action) {
    int threads = Math.min(items.size(), 2 * Runtime.getRuntime().availableProcessors() + 2);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<?>> futures = new ArrayList<>();
      items.forEach(item -> futures.add(pool.submit(() -> action.accept(item))));
      RuntimeException failure = null;
      for (Future<?> future : futures) {
        try {
          future.get();
        } catch (ExecutionException e) {
          RuntimeException cause =
              e.getCause() instanceof RuntimeException r
                  ? r
                  : new IllegalStateException(e.getCause());
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
