package dev.rollrun.core.ssh;

import dev.rollrun.api.Host;
import dev.rollrun.core.shell.PortForwarding;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The executor's {@link Shell} over SSH: one reused session per host from a {@link SshSessionPool},
 * and {@link LocalCommandRunner} for the operator's machine; local port forwards over the same
 * sessions for probes {@code via: ssh}.
 */
public final class SshShell implements Shell, PortForwarding {

  private final SshSessionPool pool;
  private final SshTargetResolver resolver;
  private final LocalCommandRunner local;
  private final SshPortForwards forwards;
  private final Map<String, SshTarget> targets = new ConcurrentHashMap<>();

  /** A shell whose SSH warnings are dropped. */
  public SshShell(SshSettings settings, SshTargetResolver resolver) {
    this(settings, resolver, SshWarningListener.DISCARD);
  }

  /**
   * @param warnings receives what the operator should know although nothing failed (known_hosts
   *     lines skipped, new host keys accepted); the command line prints them
   */
  public SshShell(SshSettings settings, SshTargetResolver resolver, SshWarningListener warnings) {
    this.pool = new SshSessionPool(settings, warnings);
    this.resolver = resolver;
    this.local = new LocalCommandRunner(settings);
    this.forwards = new SshPortForwards(pool);
  }

  /**
   * Ends every command still running on a host (SIGTERM, a few seconds, then the channel closed):
   * for a run that exits while commands run.
   *
   * @return how many were running
   */
  public int endRunningCommands() {
    return pool.endRunningCommands();
  }

  @Override
  public InetSocketAddress forward(Host host, String remoteHost, int remotePort) {
    return forwards.forward(target(host), remoteHost, remotePort);
  }

  @Override
  public ShellResult run(Host host, ShellCommand command, LineListener lines) {
    RemoteCommand remote = RemoteCommand.of(command);
    OutputListener listener =
        (stream, line) -> lines.line(stream == OutputListener.Stream.STDERR, line);
    CommandResult result =
        host == null ? local.run(remote, listener) : pool.run(target(host), remote, listener);
    return new ShellResult(
        result.exitCode(), String.join("\n", result.stdoutTail()), result.stderrTail());
  }

  @Override
  public String connect(Host host) {
    SshTarget target = target(host);
    pool.connect(target);
    return target.user() + "@" + target.hostname() + ":" + target.port();
  }

  private SshTarget target(Host host) {
    return targets.computeIfAbsent(host.name(), name -> resolver.resolve(host));
  }

  @Override
  public void close() {
    forwards.close();
    pool.close();
  }
}
