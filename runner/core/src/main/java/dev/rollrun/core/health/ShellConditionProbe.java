package dev.rollrun.core.health;

import dev.rollrun.api.Host;
import dev.rollrun.core.config.Where;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;
import dev.rollrun.core.text.ShellQuoting;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks {@code command} and {@code tcp} conditions, on the node over SSH or locally. */
public final class ShellConditionProbe implements ConditionProbe {

  private final Shell shell;
  private final Duration checkTimeout;

  /**
   * @param checkTimeout the longest one check may take (a hung check counts as unhealthy)
   */
  public ShellConditionProbe(Shell shell, Duration checkTimeout) {
    this.shell = shell;
    this.checkTimeout = checkTimeout;
  }

  @Override
  public Optional<String> check(Host host, PlannedCondition condition) {
    if (condition instanceof PlannedCondition.CommandCheck command) {
      return checkCommand(host, command);
    }
    return checkTcp(host, (PlannedCondition.TcpCheck) condition);
  }

  private Optional<String> checkCommand(Host host, PlannedCondition.CommandCheck check) {
    ShellResult result =
        shell.run(
            check.on() == Where.LOCAL ? null : host,
            new ShellCommand(check.run().actual(), check.run().shown(), check.sudo(), checkTimeout),
            Shell.LineListener.NONE);
    if (result.exitCode() != check.exit()) {
      String last =
          result.lastStderrLines().isEmpty()
              ? ""
              : ": " + result.lastStderrLines().get(result.lastStderrLines().size() - 1);
      return Optional.of(
          check.run().shown()
              + " exited "
              + result.exitCode()
              + " (want "
              + check.exit()
              + ")"
              + last);
    }
    if (check.output() != null
        && !Pattern.compile(check.output().actual()).matcher(result.stdout()).find()) {
      return Optional.of(
          check.run().shown() + " output does not match /" + check.output().shown() + "/");
    }
    return Optional.empty();
  }

  private Optional<String> checkTcp(Host host, PlannedCondition.TcpCheck check) {
    if (check.from() == Where.NODE) {
      String probe =
          "timeout 5 sh -c "
              + ShellQuoting.quote(
                  "if command -v nc >/dev/null 2>&1; then nc -z -w 3 "
                      + check.host()
                      + " "
                      + check.port()
                      + "; else bash -c '</dev/tcp/"
                      + check.host()
                      + "/"
                      + check.port()
                      + "'; fi");
      ShellResult result =
          shell.run(host, ShellCommand.plain(probe, false, checkTimeout), Shell.LineListener.NONE);
      return result.succeeded()
          ? Optional.empty()
          : Optional.of("tcp " + check.host() + ":" + check.port() + " refused (from the node)");
    }
    int timeoutMillis = (int) Math.min(checkTimeout.toMillis(), 5_000);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(check.host(), check.port()), timeoutMillis);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("tcp " + check.host() + ":" + check.port() + " " + describe(e));
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.toLowerCase(java.util.Locale.ROOT).contains("refused")
        ? "refused"
        : "unreachable (" + message + ")";
  }
}
