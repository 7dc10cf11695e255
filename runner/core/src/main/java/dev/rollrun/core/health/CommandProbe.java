package dev.rollrun.core.health;

import dev.rollrun.api.Host;
import dev.rollrun.core.config.Where;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code command:} healthy when it exits as expected and its output matches, if asked. */
final class CommandProbe implements TypedProbe<PlannedCondition.CommandCheck> {

  private final Shell shell;
  private final Duration checkTimeout;

  CommandProbe(Shell shell, Duration checkTimeout) {
    this.shell = shell;
    this.checkTimeout = checkTimeout;
  }

  @Override
  public Class<PlannedCondition.CommandCheck> kind() {
    return PlannedCondition.CommandCheck.class;
  }

  @Override
  public Optional<String> check(Host host, PlannedCondition.CommandCheck check) {
    if (check.on() == Where.NODE && host == null) {
      return Optional.of(check.run().shown() + ": runs on a node, but this gate has no node");
    }
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
}
