package dev.rollrun.cli;

import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.Observation;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.event.RunListener;
import java.io.PrintWriter;
import java.util.List;

/**
 * What {@code rollrun check} prints: the nodes it could not reach, then every condition of the
 * health gate with what it saw (per node, or the aggregate and each node's value), ok or NOT OK,
 * and the verdict.
 */
final class CheckReporter implements RunListener {

  private final PrintWriter out;

  CheckReporter(PrintWriter out) {
    this.out = out;
  }

  @Override
  public synchronized void on(EventEnvelope envelope) {
    RunEvent event = envelope.event();
    if (event instanceof RunEvent.RunStarted started) {
      out.println(
          "checking the health of "
              + started.playbook()
              + " (plan "
              + started.digest()
              + ") on "
              + started.cluster().size()
              + " node(s)");
    } else if (event instanceof RunEvent.HostUnreachable unreachable) {
      out.println("  NOT OK  " + unreachable.host() + ": unreachable: " + unreachable.reason());
    } else if (event instanceof RunEvent.GatePassed passed) {
      conditions(passed.observations());
    } else if (event instanceof RunEvent.GateFailed failed) {
      conditions(failed.observations());
    } else if (event instanceof RunEvent.DryRunFinished finished) {
      if (finished.problems().isEmpty()) {
        out.println("healthy: every condition holds; safe to start");
      } else {
        out.println("NOT healthy:");
        finished.problems().forEach(p -> out.println("  - " + p));
      }
    } else if (event instanceof RunEvent.Warning warning) {
      out.println("warning: " + warning.message());
    }
    out.flush();
  }

  private void conditions(List<Observation> observations) {
    for (Observation o : observations) {
      out.println(
          (o.holds() ? "  ok      " : "  NOT OK  ")
              + o.summary()
              + (o.holds() || o.problem() == null || o.value() == null && o.nodes().isEmpty()
                  ? ""
                  : ": " + o.problem()));
      for (String line : o.output()) {
        out.println("          | " + line);
      }
    }
  }
}
