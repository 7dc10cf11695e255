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
import java.util.Locale;
import java.util.Optional;

/** {@code tcp:} healthy when a TCP connection succeeds, from the operator's machine or the node. */
final class TcpProbe implements TypedProbe<PlannedCondition.TcpCheck> {

  private final Shell shell;
  private final Duration checkTimeout;

  TcpProbe(Shell shell, Duration checkTimeout) {
    this.shell = shell;
    this.checkTimeout = checkTimeout;
  }

  @Override
  public Class<PlannedCondition.TcpCheck> kind() {
    return PlannedCondition.TcpCheck.class;
  }

  @Override
  public Optional<String> check(Host host, PlannedCondition.TcpCheck check) {
    if (check.host().isEmpty()) {
      return Optional.of("tcp port " + check.port() + ": no host to connect to");
    }
    if (check.from() == Where.NODE) {
      if (host == null) {
        return Optional.of(
            "tcp "
                + check.host()
                + ":"
                + check.port()
                + ": from a node, but this gate has no node");
      }
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
    return message.toLowerCase(Locale.ROOT).contains("refused")
        ? "refused"
        : "unreachable (" + message + ")";
  }
}
