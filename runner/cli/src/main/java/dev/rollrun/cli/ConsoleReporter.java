package dev.rollrun.cli;

import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.event.RunListener;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.StepIndex;
import dev.rollrun.core.text.Durations;
import dev.rollrun.core.text.Printable;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * Shows a run on the terminal: one line per step (host, step, duration, result), command output
 * indented under it, a live status line while a health gate is awaited (on a terminal), and a
 * summary. Plain lines without colour when {@code NO_COLOR} is set or output is not a terminal.
 */
final class ConsoleReporter implements RunListener {

  private static final Duration PLAIN_PROGRESS_EVERY = Duration.ofSeconds(10);

  private final PrintWriter out;
  private final StepIndex steps;
  private final boolean live;
  private final boolean color;
  private boolean statusShown;
  private Duration lastPlainProgress = Duration.ofSeconds(-100);

  ConsoleReporter(PrintWriter out, StepIndex steps, boolean terminal, boolean color) {
    this.out = out;
    this.steps = steps;
    this.live = terminal;
    this.color = color && terminal;
  }

  @Override
  public synchronized void on(EventEnvelope envelope) {
    RunEvent event = envelope.event();
    if (event instanceof RunEvent.GateProgress progress) {
      gateProgress(progress);
      return;
    }
    clearStatus();
    if (event instanceof RunEvent.RunStarted started) {
      out.println(
          (started.commit() ? "rolling " : "dry run of ")
              + shown(started.playbook())
              + " (plan "
              + started.digest()
              + ", run "
              + envelope.runId()
              + "): "
              + started.nodes().size()
              + " node(s) in "
              + started.batches()
              + " batch(es)"
              + (started.cluster().size() > started.nodes().size()
                  ? "; health counts all " + started.cluster().size() + " nodes of the cluster"
                  : ""));
    } else if (event instanceof RunEvent.HostConnected connected) {
      out.println(
          pad(connected.host())
              + "connected to "
              + connected.endpoint()
              + "  "
              + ms(connected.took()));
    } else if (event instanceof RunEvent.HostUnreachable unreachable) {
      out.println(
          pad(unreachable.host()) + paint("UNREACHABLE", 31) + " " + shown(unreachable.reason()));
    } else if (event instanceof RunEvent.BatchStarted batch) {
      out.println();
      out.println(
          "batch "
              + batch.number()
              + " of "
              + batch.of()
              + ": "
              + String.join(", ", batch.hosts()));
    } else if (event instanceof RunEvent.NodeStateChanged) {
      // shown through the step lines and the summary
    } else if (event instanceof RunEvent.StepStarted) {
      // a step is shown once, when it ends
    } else if (event instanceof RunEvent.StepFinished finished) {
      out.println(
          stepLine(finished.host(), finished.step())
              + "  "
              + paint("ok", 32)
              + " "
              + ms(finished.took()));
    } else if (event instanceof RunEvent.StepFailed failed) {
      out.println(
          stepLine(failed.host(), failed.step())
              + "  "
              + paint(failed.internal() ? "INTERNAL ERROR" : "FAILED", 31)
              + " "
              + ms(failed.took())
              + ": "
              + shown(failed.reason()));
    } else if (event instanceof RunEvent.OutputLine line) {
      out.println(
          pad(line.host() == null ? "local" : line.host())
              + (line.stderr() ? "! " : "| ")
              + line.line());
    } else if (event instanceof RunEvent.GatePassed passed) {
      out.println(
          pad("health")
              + passed.gate()
              + ": "
              + paint("healthy", 32)
              + " after "
              + ms(passed.took())
              + checked(passed.hosts()));
    } else if (event instanceof RunEvent.GateFailed failed) {
      out.println(
          pad("health")
              + failed.gate()
              + ": "
              + paint("NOT HEALTHY", 31)
              + " after "
              + ms(failed.took())
              + checked(failed.hosts())
              + "; "
              + shown(failed.problem()));
      observations(failed.observations());
    } else if (event instanceof RunEvent.StopVerdict verdict) {
      out.println(
          "  "
              + verdict.host()
              + "  safe to stop? ("
              + verdict.check()
              + "): "
              + (verdict.safe() ? paint("yes", 32) : paint("no", 31))
              + ", "
              + shown(verdict.reason()));
    } else if (event instanceof RunEvent.OwnedSaved) {
      // journaled for recover; the wrapper's step shows it
    } else if (event instanceof RunEvent.Pausing pausing) {
      out.println("pausing " + Durations.format(pausing.duration()) + " before the next batch");
    } else if (event instanceof RunEvent.Warning warning) {
      out.println(paint("warning", 33) + ": " + shown(warning.message()));
    } else if (event instanceof RunEvent.RunFinished finished) {
      summary(finished);
    } else if (event instanceof RunEvent.DryRunFinished finished) {
      out.println();
      if (finished.problems().isEmpty()) {
        out.println(
            "dry run: every host answered and the cluster is healthy; nothing was changed."
                + " Run again with --commit to roll.");
      } else {
        out.println("dry run: nothing was changed, but the roll would not start:");
        finished.problems().forEach(p -> out.println("  - " + shown(p)));
      }
    } else {
      throw new IllegalStateException(
          "the console cannot show the event " + event.getClass().getSimpleName());
    }
    out.flush();
  }

  /** {@code (checked web-1, web-2, web-3)}: which nodes a gate looked at. */
  private static String checked(List<String> hosts) {
    if (hosts.isEmpty()) {
      return " (no node checked)";
    }
    if (hosts.size() <= 6) {
      return " (checked " + String.join(", ", hosts) + ")";
    }
    return " (checked "
        + hosts.size()
        + " nodes: "
        + String.join(", ", hosts.subList(0, 3))
        + " ... "
        + hosts.get(hosts.size() - 1)
        + ")";
  }

  private void gateProgress(RunEvent.GateProgress p) {
    String text =
        p.gate()
            + ": waiting for health "
            + p.healthyInARow()
            + "/"
            + p.consecutive()
            + " healthy, "
            + seconds(p.elapsed())
            + " of "
            + seconds(p.timeout())
            + (p.problem() == null ? "" : " (" + shown(p.problem()) + ")")
            + values(p.observations());
    if (live) {
      String line = text.length() > 200 ? text.substring(0, 197) + "..." : text;
      out.print("\r\033[2K" + line);
      statusShown = true;
    } else if (p.elapsed().minus(lastPlainProgress).compareTo(PLAIN_PROGRESS_EVERY) >= 0
        || p.elapsed().isZero()) {
      lastPlainProgress = p.elapsed();
      out.println(pad("health") + text);
    }
    out.flush();
  }

  /** {@code | URP sum=12 (kafka-1=0, kafka-2=12, kafka-3=0)}: the values a check saw. */
  private static String values(List<dev.rollrun.core.event.Observation> observations) {
    List<String> shown =
        observations.stream()
            .filter(o -> o.value() != null || !o.nodes().isEmpty())
            .map(o -> shown(o.summary()))
            .toList();
    return shown.isEmpty() ? "" : " | " + String.join("; ", shown);
  }

  /** A failed gate's last values, one condition per line, with a failed command's output. */
  private void observations(List<dev.rollrun.core.event.Observation> observations) {
    for (var o : observations) {
      if (o.holds() && o.value() == null && o.nodes().isEmpty()) {
        continue;
      }
      out.println(
          pad("")
              + "  "
              + (o.holds() ? paint("ok", 32) : paint("not ok", 31))
              + " "
              + shown(o.summary())
              + (o.holds() || o.problem() == null || o.value() == null && o.nodes().isEmpty()
                  ? ""
                  : ": " + shown(o.problem())));
      for (String line : o.output()) {
        out.println(pad("") + "      | " + line);
      }
    }
  }

  private void clearStatus() {
    if (statusShown) {
      out.print("\r\033[2K");
      statusShown = false;
      lastPlainProgress = Duration.ofSeconds(-100);
    }
  }

  private void summary(RunEvent.RunFinished finished) {
    out.println();
    long done = finished.nodes().stream().filter(n -> n.state() == NodeState.DONE).count();
    String outcome =
        switch (finished.outcome()) {
          case DONE -> paint("done", 32);
          case FAILED -> paint("FAILED", 31);
          case INTERNAL_ERROR -> paint("FAILED (internal error)", 31);
          case INTERRUPTED -> paint("INTERRUPTED", 33);
          case STOPPED_BY_OPERATOR -> paint("STOPPED", 33);
        };
    out.println(
        "roll "
            + outcome
            + ": "
            + done
            + " of "
            + finished.nodes().size()
            + " node(s) done in "
            + seconds(finished.took())
            + (finished.message() == null ? "" : "; " + shown(finished.message())));
    for (RunEvent.NodeSummary node : finished.nodes()) {
      String note;
      if (node.state() == NodeState.DONE) {
        note = node.took() == null ? "" : " in " + seconds(node.took());
      } else if (node.state() == NodeState.PENDING) {
        note = "  (not touched)";
      } else if (node.state() == NodeState.AWAITING_HEALTH) {
        note = "  <- its steps ran, the health gate did not pass: check the cluster";
      } else if (node.state().mayBeDown()) {
        note = "  <- left " + node.state() + ": check this node";
      } else {
        note = "";
      }
      out.println("  " + pad(node.host()) + node.state() + note);
    }
  }

  private String stepLine(String host, String stepId) {
    PlannedStep step = steps.find(host, stepId).orElse(null);
    String phase = step == null ? stepId : step.phase().key();
    String kind = step == null ? "" : step.kind();
    String what = shown(step == null ? "" : step.name() != null ? step.name() : step.describe());
    if (what.length() > 70) {
      what = what.substring(0, 67) + "...";
    }
    return pad(host == null ? "cluster" : host) + String.format("%-11s %-6s %s", phase, kind, what);
  }

  /**
   * A message or name from the playbook, a host or a library, with what would act on the terminal
   * escaped: a failure reason quoting a command that prints an escape sequence, a playbook name
   * with a newline. The output lines of commands are shown as the commands wrote them.
   */
  private static String shown(String text) {
    return Printable.escape(text);
  }

  private static String pad(String s) {
    return String.format("%-12s ", s);
  }

  private String paint(String text, int code) {
    return color ? "\033[" + code + "m" + text + "\033[0m" : text;
  }

  private static String ms(Duration d) {
    return d.toMillis() < 10_000 ? d.toMillis() + "ms" : seconds(d);
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms < 60_000
        ? String.format("%.1fs", ms / 1000.0)
        : Durations.format(Duration.ofSeconds(d.toSeconds()));
  }
}
