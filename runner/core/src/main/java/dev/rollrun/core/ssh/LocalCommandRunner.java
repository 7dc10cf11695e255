package dev.rollrun.core.ssh;

import dev.rollrun.api.RollrunException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code local:} steps on the operator's machine with {@code /bin/sh -c}, with the same
 * contract as a host's {@link SshSessionPool#runnerFor runner}: output streamed line by line, the
 * last lines kept, {@code sudo -n}, and a timeout after which the whole process tree is stopped
 * (TERM, then KILL 5 s later).
 */
public final class LocalCommandRunner implements CommandRunner {

  /** The name local commands use where a host name would be. */
  public static final String HOST = "local";

  private static final File NO_INPUT = new File("/dev/null");
  private static final Duration DRAIN = Duration.ofSeconds(1);

  private final Duration defaultTimeout;
  private final int outputTailLines;
  private final Map<String, String> environment;

  public LocalCommandRunner(Duration defaultTimeout, int outputTailLines) {
    this(defaultTimeout, outputTailLines, Map.of());
  }

  /** With changes to the inherited environment (tests put a fake {@code sudo} on the PATH). */
  LocalCommandRunner(
      Duration defaultTimeout, int outputTailLines, Map<String, String> environment) {
    if (defaultTimeout.isNegative() || defaultTimeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + defaultTimeout);
    }
    this.defaultTimeout = defaultTimeout;
    this.outputTailLines = outputTailLines;
    this.environment = Map.copyOf(environment);
  }

  /** With the command timeout and output tail of the SSH settings, so both runners agree. */
  public LocalCommandRunner(SshSettings settings) {
    this(settings.commandTimeout(), settings.outputTailLines());
  }

  @Override
  public CommandResult run(RemoteCommand command, OutputListener listener) {
    Duration timeout = command.effectiveTimeout(defaultTimeout);
    OutputLines out = new OutputLines(OutputListener.Stream.STDOUT, listener, outputTailLines);
    OutputLines err = new OutputLines(OutputListener.Stream.STDERR, listener, outputTailLines);
    long start = System.nanoTime();
    Process process;
    try {
      ProcessBuilder builder =
          new ProcessBuilder("/bin/sh", "-c", Commands.localLine(command))
              .redirectInput(
                  command.holdsSecrets()
                      ? ProcessBuilder.Redirect.PIPE
                      : ProcessBuilder.Redirect.from(NO_INPUT));
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw new RollrunException(HOST + ": cannot start /bin/sh: " + e.getMessage(), e);
    }
    if (command.holdsSecrets()) {
      // The script, secrets included, goes to stdin (see Commands.SCRIPT_FROM_INPUT), never into
      // the process's arguments; written by a thread so that a command that never reads it (sudo
      // refusing) cannot block us.
      feed(process.getOutputStream(), command.command().getBytes(StandardCharsets.UTF_8));
    }
    Thread outPump = pump(process.getInputStream(), out, "stdout");
    Thread errPump = pump(process.getErrorStream(), err, "stderr");
    boolean finished;
    try {
      finished = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      stopTree(process);
      Thread.currentThread().interrupt();
      throw new RollrunException(
          HOST + ": interrupted while running " + Commands.quoteForMessage(command.shown()), e);
    }
    if (!finished) {
      stopTree(process);
      drain(outPump, errPump);
      throw new CommandTimeoutException(HOST, command.shown(), timeout);
    }
    // A command that left a background process holding its output must not hang us.
    drain(outPump, errPump);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    out.finish();
    err.finish();
    int status = process.exitValue();
    if (command.sudo() && status != 0 && err.sawSudoRefusal()) {
      throw new SudoPasswordRequiredException(HOST, command.shown());
    }
    OutputLines.rethrowListenerFailure(out, err);
    return new CommandResult(status, elapsed, out.tail(), err.tail());
  }

  /** TERM to the process and all its descendants, KILL to whatever is left 5 s later. */
  private static void stopTree(Process process) {
    List<ProcessHandle> tree = new ArrayList<>();
    process.descendants().forEach(tree::add);
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + Commands.KILL_AFTER.toNanos();
    for (ProcessHandle p : tree) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        try {
          p.onExit().get(left, TimeUnit.NANOSECONDS);
        } catch (Exception e) {
          // still running: killed below
        }
      }
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static void feed(OutputStream stdin, byte[] script) {
    Thread t =
        new Thread(
            () -> {
              try (stdin) {
                stdin.write(script);
              } catch (IOException e) {
                // the command exited without reading it all; its exit code says what happened
              }
            },
            "rollrun-local-stdin");
    t.setDaemon(true);
    t.start();
  }

  private static Thread pump(InputStream in, OutputStream lines, String name) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[8192];
              try (in) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                  lines.write(buf, 0, n);
                }
              } catch (IOException e) {
                // the process is gone and its pipe with it
              }
            },
            "rollrun-local-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void drain(Thread... pumps) {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    for (Thread t : pumps) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
