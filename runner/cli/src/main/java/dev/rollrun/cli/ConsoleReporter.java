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
import java.time.Instant;
import java.util.List;

/**
 * Shows a run on the console: one line per step (host, step, duration, result), command output
 * indented under it, gate results and a summary. On a terminal the live view ({@link LiveOutput})
 * stays under the lines; elsewhere every line carries its time ({@link PlainOutput}), and a gate
 * being awaited is a line every 10 seconds. {@link Verbosity} says how much is shown.
 */
final class ConsoleReporter implements RunListener {

  private static final Duration PLAIN_PROGRESS_EVERY = Duration.ofSeconds(10);

  private final Lines out;
  private final ConsoleOutput output;
  private final StepIndex steps;
  private final Verbosity verbosity;
  private final RunProgress progress = new RunProgress();
  private Duration lastPlainProgress = Duration.ofSeconds(-100);

  /** Plain lines, without times: as the tests of the lines' wording read them. */
  ConsoleReporter(PrintWriter out, StepIndex steps, boolean terminal, boolean color) {
    this(
        new ConsoleOutput() {
          @Override
          public void line(Instant time, String text) {
            out.println(text);
            out.flush();
          }

          @Override
          public String paint(String text, Tone tone) {
            return text;
          }

          @Override
          public void progress(RunProgress p) {}

          @Override
          public <T> T aside(java.util.function.Supplier<T> prompt) {
            return prompt.get();
          }

          @Override
          public void close() {}
        },
        steps,
        Verbosity.NORMAL);
  }

  ConsoleReporter(ConsoleOutput output, StepIndex steps, Verbosity verbosity) {
    this.output = output;
    this.out = new Lines(output);
    this.steps = steps;
    this.verbosity = verbosity;
  }

  /** The lines of one event, all with the event's time. */
  private static final class Lines {
    private final ConsoleOutput output;
    private Instant time = Instant.EPOCH;

    Lines(ConsoleOutput output) {
      this.output = output;
    }

    void println(String text) {
      output.line(time, text);
    }

    void println() {
      output.line(time, "");
    }

    void flush() {}
  }

  @Override
  public synchronized void on(EventEnvelope envelope) {
    RunEvent event = envelope.event();
    out.time = envelope.time();
    progress.on(envelope);
    if (shown(event)) {
      show(envelope, event);
    }
    output.progress(progress);
  }

  /** Whether the event has lines at this verbosity. */
  private boolean shown(RunEvent event) {
    if (verbosity != Verbosity.QUIET) {
      return true;
    }
    return event instanceof RunEvent.HostUnreachable
        || event instanceof RunEvent.StepFailed
        || event instanceof RunEvent.GateFailed
        || event instanceof RunEvent.StopVerdict verdict && !verdict.safe()
        || event instanceof RunEvent.Warning
        || event instanceof RunEvent.RunFinished
        || event instanceof RunEvent.DryRunFinished;
  }

  private void show(EventEnvelope envelope, RunEvent event) {
    if (event instanceof RunEvent.GateProgress progress) {
      gateProgress(progress);
      return;
    }
    lastPlainProgress = Duration.ofSeconds(-100);
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
          pad(unreachable.host())
              + paint("UNREACHABLE", ConsoleOutput.Tone.BAD)
              + " "
              + shown(unreachable.reason()));
    } else if (event instanceof RunEvent.BatchStarted batch) {
      out.println();
      out.println(
          "batch "
              + batch.number()
              + " of "
              + batch.of()
              + ": "
              + String.join(", ", batch.hosts()));
    } else if (event instanceof RunEvent.NodeStateChanged changed) {
      // shown through the step lines and the summary; -v shows each change
      if (verbosity == Verbosity.VERBOSE) {
        out.println(
            pad(changed.host())
                + changed.from()
                + " -> "
                + changed.to()
                + (changed.nextStep() == null ? "" : " (next: " + changed.nextStep() + ")"));
      }
    } else if (event instanceof RunEvent.StepStarted started) {
      // a step is shown once, when it ends; -v shows it begin too
      if (verbosity == Verbosity.VERBOSE) {
        out.println(stepLine(started.host(), started.step()) + "  ...");
      }
    } else if (event instanceof RunEvent.StepFinished finished) {
      out.println(
          stepLine(finished.host(), finished.step())
              + "  "
              + paint("ok", ConsoleOutput.Tone.GOOD)
              + " "
              + ms(finished.took()));
    } else if (event instanceof RunEvent.StepFailed failed) {
      out.println(
          stepLine(failed.host(), failed.step())
              + "  "
              + paint(failed.internal() ? "INTERNAL ERROR" : "FAILED", ConsoleOutput.Tone.BAD)
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
              + paint("healthy", ConsoleOutput.Tone.GOOD)
              + " after "
              + ms(passed.took())
              + checked(passed.hosts()));
    } else if (event instanceof RunEvent.GateFailed failed) {
      out.println(
          pad("health")
              + failed.gate()
              + ": "
              + paint("NOT HEALTHY", ConsoleOutput.Tone.BAD)
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
              + (verdict.safe()
                  ? paint("yes", ConsoleOutput.Tone.GOOD)
                  : paint("no", ConsoleOutput.Tone.BAD))
              + ", "
              + shown(verdict.reason()));
    } else if (event instanceof RunEvent.OwnedSaved) {
      // journaled for recover; the wrapper's step shows it
    } else if (event instanceof RunEvent.Pausing pausing) {
      out.println("pausing " + Durations.format(pausing.duration()) + " before the next batch");
    } else if (event instanceof RunEvent.Warning warning) {
      out.println(paint("warning", ConsoleOutput.Tone.NOTE) + ": " + shown(warning.message()));
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
    if (output instanceof LiveOutput && verbosity != Verbosity.VERBOSE) {
      return; // the live view shows the gate as it goes
    }
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
    if (verbosity == Verbosity.VERBOSE
        || p.elapsed().minus(lastPlainProgress).compareTo(PLAIN_PROGRESS_EVERY) >= 0
        || p.elapsed().isZero()) {
      lastPlainProgress = p.elapsed();
      out.println(pad("health") + text);
    }
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
              + (o.holds()
                  ? paint("ok", ConsoleOutput.Tone.GOOD)
                  : paint("not ok", ConsoleOutput.Tone.BAD))
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

  private void summary(RunEvent.RunFinished finished) {
    out.println();
    long done = finished.nodes().stream().filter(n -> n.state() == NodeState.DONE).count();
    String outcome =
        switch (finished.outcome()) {
          case DONE -> paint("done", ConsoleOutput.Tone.GOOD);
          case FAILED -> paint("FAILED", ConsoleOutput.Tone.BAD);
          case INTERNAL_ERROR -> paint("FAILED (internal error)", ConsoleOutput.Tone.BAD);
          case INTERRUPTED -> paint("INTERRUPTED", ConsoleOutput.Tone.NOTE);
          case STOPPED_BY_OPERATOR -> paint("STOPPED", ConsoleOutput.Tone.NOTE);
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

  private String paint(String text, ConsoleOutput.Tone tone) {
    return output.paint(text, tone);
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
