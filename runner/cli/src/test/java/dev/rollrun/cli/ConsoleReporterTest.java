package dev.rollrun.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.event.Outcome;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.event.SampleEvents;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.plan.StepIndex;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleReporterTest {

  private final StringWriter text = new StringWriter();
  private final ConsoleReporter console =
      new ConsoleReporter(new PrintWriter(text), new StepIndex(emptyPlan()), false, false);

  private static RolloutPlan emptyPlan() {
    return new RolloutPlan(
        "p",
        "p.yml",
        "service",
        "inv",
        "all hosts",
        "1",
        Duration.ZERO,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        "0123456789ab");
  }

  private void show(RunEvent event) {
    console.on(new EventEnvelope("r1", 1, Instant.parse("2026-11-30T08:00:00Z"), event));
  }

  @Test
  void everyKindOfEventCanBeShown() {
    for (RunEvent event : SampleEvents.everyKind()) {
      show(event);
    }
    assertTrue(text.toString().contains("roll done"), text.toString());
  }

  @Test
  void theSummarySaysWhichNodesWereLeftAndWhichNeverTouched() {
    show(
        new RunEvent.RunFinished(
            Outcome.FAILED,
            List.of(
                new RunEvent.NodeSummary("web-1", NodeState.DONE, Duration.ofSeconds(3)),
                new RunEvent.NodeSummary("web-2", NodeState.STOPPED, null),
                new RunEvent.NodeSummary("web-10", NodeState.PENDING, null)),
            Duration.ofSeconds(9),
            "web-2: step post-stop run failed: exit code 1"));
    String out = text.toString();
    assertTrue(out.contains("roll FAILED: 1 of 3 node(s) done"), out);
    assertTrue(out.contains("web-2        stopped  <- left stopped: check this node"), out);
    assertTrue(out.contains("web-10       pending  (not touched)"), out);
    assertTrue(out.indexOf("web-2 ") < out.indexOf("web-10"), "roll order, not sorted: " + out);
  }

  @Test
  void gateChecksShowTheValuesSeenAndAFailedGateItsLastValuesAndOutput() {
    var urp =
        new dev.rollrun.core.event.Observation(
            "URP",
            null,
            false,
            "sum",
            "12",
            "is 12 (want == 0)",
            List.of(
                new dev.rollrun.core.event.Observation.NodeValue("kafka-1", "0", null),
                new dev.rollrun.core.event.Observation.NodeValue("kafka-2", "12", null),
                new dev.rollrun.core.event.Observation.NodeValue("kafka-3", "0", null)),
            List.of());
    var health =
        new dev.rollrun.core.event.Observation(
            "command on node: health",
            "kafka-2",
            false,
            null,
            "",
            "health exited 1 (want 0)",
            List.of(),
            List.of("replicas: 2 of 3 in sync"));
    show(
        new RunEvent.GateProgress(
            "health after batch 1",
            List.of("kafka-1"),
            0,
            3,
            Duration.ZERO,
            Duration.ofMinutes(1),
            "cluster: URP",
            List.of(urp, health)));
    show(
        new RunEvent.GateFailed(
            "health after batch 1",
            List.of("kafka-1"),
            Duration.ofMinutes(1),
            "cluster: URP",
            List.of(urp, health)));
    String out = text.toString();
    assertTrue(out.contains("| URP sum=12 (kafka-1=0, kafka-2=12, kafka-3=0)"), out);
    assertTrue(
        out.contains("not ok URP sum=12 (kafka-1=0, kafka-2=12, kafka-3=0): is 12 (want == 0)"),
        out);
    assertTrue(out.contains("not ok kafka-2: command on node: health="), out);
    assertTrue(out.contains("      | replicas: 2 of 3 in sync"), out);
  }

  @Test
  void gatesSayWhichNodesTheyChecked() {
    show(
        new RunEvent.GatePassed(
            "health after batch 1 (a)", List.of("a", "b", "c"), Duration.ofMillis(40)));
    assertTrue(text.toString().contains("healthy after 40ms (checked a, b, c)"), text.toString());
  }

  private static final class Recorded implements ConsoleOutput {
    final java.util.List<String> lines = new java.util.ArrayList<>();

    @Override
    public void line(Instant time, String text) {
      lines.add(text);
    }

    @Override
    public String paint(String text, Tone tone) {
      return text;
    }

    @Override
    public void progress(RunProgress progress) {}

    @Override
    public <T> T aside(java.util.function.Supplier<T> prompt) {
      return prompt.get();
    }

    @Override
    public void close() {}
  }

  private static String shownAt(Verbosity verbosity) {
    Recorded out = new Recorded();
    ConsoleReporter reporter = new ConsoleReporter(out, new StepIndex(emptyPlan()), verbosity);
    long seq = 0;
    for (RunEvent event : SampleEvents.everyKind()) {
      reporter.on(new EventEnvelope("r1", ++seq, Instant.parse("2026-11-30T08:00:00Z"), event));
    }
    return String.join("\n", out.lines);
  }

  @Test
  void quietShowsOnlyWarningsFailuresAndTheEnd() {
    String quiet = shownAt(Verbosity.QUIET);
    String normal = shownAt(Verbosity.NORMAL);
    assertTrue(quiet.contains("roll done"), quiet);
    assertTrue(quiet.contains("warning: "), quiet);
    assertTrue(quiet.contains("NOT HEALTHY"), quiet);
    assertTrue(quiet.contains("INTERNAL ERROR"), quiet);
    assertTrue(!quiet.contains("  ok "), "no step that went well: " + quiet);
    assertTrue(normal.contains("  ok "), normal);
    assertTrue(!quiet.contains("batch 1 of 1"), "no batch lines: " + quiet);
    assertTrue(normal.contains("batch 1 of 1"), normal);
  }

  @Test
  void verboseAlsoShowsStepsBeginningAndStateChanges() {
    String verbose = shownAt(Verbosity.VERBOSE);
    String normal = shownAt(Verbosity.NORMAL);
    assertTrue(verbose.contains(" -> "), "a node's state change: " + verbose);
    assertTrue(verbose.contains("  ..."), "a step as it begins: " + verbose);
    assertTrue(!normal.contains(" -> stopped"), normal);
  }

  @Test
  void aReasonQuotingAnEscapeSequenceOrANewlineIsShownEscaped() {
    show(
        new RunEvent.RunFinished(
            Outcome.FAILED,
            List.of(new RunEvent.NodeSummary("web-2", NodeState.FAILED, null)),
            Duration.ofSeconds(9),
            "web-2: step post-stop run failed: \"printf '\u001b[2J'\" exited 1\nroll done"));
    String out = text.toString();
    assertTrue(
        out.contains(
            "web-2: step post-stop run failed: \"printf '\\u001B[2J'\" exited 1\\nroll done"),
        out);
    assertTrue(out.chars().noneMatch(c -> c == 0x1b), "no raw escape: " + out);
  }
}
