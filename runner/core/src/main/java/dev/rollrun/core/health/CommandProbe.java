package dev.rollrun.core.health;

import dev.rollrun.api.Host;
import dev.rollrun.core.config.Where;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.shell.Shell;
import dev.rollrun.core.shell.ShellCommand;
import dev.rollrun.core.shell.ShellResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** {@code command:} healthy when it exits as expected and its output matches, if asked. */
final class CommandProbe implements TypedProbe<PlannedCondition.CommandCheck> {

  /** Lines of each stream kept for a failed check's message. */
  static final int OUTPUT_LINES = 5;

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
    return Optional.ofNullable(probe(host, check).problem());
  }

  /**
   * The value is what the command printed on standard output, stripped (a number when it is one):
   * what {@code across:} aggregates. When it does not hold, its last output lines come along.
   */
  @Override
  public ProbeResult probe(Host host, PlannedCondition.CommandCheck check) {
    if (check.on() == Where.NODE && host == null) {
      return ProbeResult.unhealthy(
          check.run().shown() + ": runs on a node, but this gate has no node", null);
    }
    ShellResult result =
        shell.run(
            check.on() == Where.LOCAL ? null : host,
            new ShellCommand(check.run().actual(), check.run().shown(), check.sudo(), checkTimeout),
            Shell.LineListener.NONE);
    String stdout = result.stdout() == null ? "" : result.stdout().strip();
    Object value =
        stdout.isEmpty()
            ? null
            : Comparisons.number(stdout) != null ? Comparisons.number(stdout) : stdout;
    if (value instanceof String text && text.length() > 200) {
      value = text.substring(0, 197) + "...";
    }
    List<String> output = lastLines(result);
    if (result.exitCode() != check.exit()) {
      String last =
          result.lastStderrLines().isEmpty()
              ? ""
              : ": " + result.lastStderrLines().get(result.lastStderrLines().size() - 1);
      return ProbeResult.unhealthy(
              check.run().shown()
                  + " exited "
                  + result.exitCode()
                  + " (want "
                  + check.exit()
                  + ")"
                  + last,
              value)
          .withOutput(output);
    }
    if (check.output() != null
        && !Pattern.compile(check.output().actual()).matcher(result.stdout()).find()) {
      return ProbeResult.unhealthy(
              check.run().shown() + " output does not match /" + check.output().shown() + "/",
              value)
          .withOutput(output);
    }
    return ProbeResult.healthy(value);
  }

  /** The last few lines of standard output, then of standard error. */
  private static List<String> lastLines(ShellResult result) {
    List<String> lines = new ArrayList<>();
    if (result.stdout() != null && !result.stdout().isBlank()) {
      List<String> out = List.of(result.stdout().split("\n"));
      lines.addAll(out.subList(Math.max(0, out.size() - OUTPUT_LINES), out.size()));
    }
    List<String> err = result.lastStderrLines();
    lines.addAll(err.subList(Math.max(0, err.size() - OUTPUT_LINES), err.size()));
    return lines;
  }
}
