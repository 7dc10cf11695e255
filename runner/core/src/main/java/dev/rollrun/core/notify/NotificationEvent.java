package dev.rollrun.core.notify;

import dev.rollrun.core.config.NotifySpec;
import dev.rollrun.core.event.EventEnvelope;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.event.RunEvent;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a notification tells: one of the four moments ({@link NotifySpec.Event}) with a line of text
 * for a chat and the facts behind it. Every field is always there (empty when it does not apply),
 * so that a template naming {@code event.host} works for every kind of event.
 *
 * @param text one line, e.g. {@code rollrun: demo-2 done (2 of 5) in demo rolling restart}
 * @param host the node it is about, or empty
 * @param outcome how the run ended ({@code done}, {@code failed}, ...), on run-finished; else empty
 * @param message what failed, or why the run ended early; else empty
 */
public record NotificationEvent(
    NotifySpec.Event kind,
    String runId,
    String text,
    String host,
    String outcome,
    String message,
    int nodesDone,
    int nodes) {

  /** The variables templates see as {@code event}. */
  public Map<String, Object> variables() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("kind", kind.key());
    map.put("text", text);
    map.put("host", host);
    map.put("outcome", outcome);
    map.put("message", message);
    map.put("done", nodesDone);
    map.put("nodes", nodes);
    return map;
  }

  /** A sample of each kind, for checking templates before a run. */
  static NotificationEvent sample(NotifySpec.Event kind) {
    return new NotificationEvent(kind, "run", "rollrun: sample", "node", "done", "", 1, 2);
  }

  /**
   * Follows a run's events and says which of them are notified. Keeps what the texts need: the
   * playbook's name, the nodes and how many are done.
   */
  static final class Follower {
    private String playbook = "";
    private int nodes;
    private int done;
    private boolean commit;

    Optional<NotificationEvent> on(EventEnvelope envelope) {
      String run = envelope.runId();
      RunEvent event = envelope.event();
      if (event instanceof RunEvent.RunStarted e) {
        playbook = e.playbook();
        nodes = e.nodes().size();
        commit = e.commit();
        return Optional.of(
            new NotificationEvent(
                NotifySpec.Event.RUN_STARTED,
                run,
                "rollrun: "
                    + (commit ? "rolling " : "dry run of ")
                    + playbook
                    + " ("
                    + nodes
                    + " node(s) in "
                    + e.batches()
                    + " batch(es), plan "
                    + e.digest()
                    + ", run "
                    + run
                    + ")",
                "",
                "",
                "",
                0,
                nodes));
      }
      if (event instanceof RunEvent.NodeStateChanged e && e.to() == NodeState.DONE) {
        done++;
        return Optional.of(
            new NotificationEvent(
                NotifySpec.Event.NODE_DONE,
                run,
                "rollrun: " + e.host() + " done (" + done + " of " + nodes + ") in " + playbook,
                e.host(),
                "",
                "",
                done,
                nodes));
      }
      if (event instanceof RunEvent.StepFailed e) {
        String what =
            (e.host() == null ? "cluster" : e.host())
                + " step "
                + e.step()
                + " failed: "
                + firstLine(e.reason());
        return Optional.of(failure(run, e.host(), what));
      }
      if (event instanceof RunEvent.GateFailed e) {
        return Optional.of(
            failure(
                run,
                null,
                e.gate()
                    + ": NOT HEALTHY after "
                    + seconds(e.took())
                    + ": "
                    + firstLine(e.problem())));
      }
      if (event instanceof RunEvent.HostUnreachable e) {
        return Optional.of(
            failure(run, e.host(), e.host() + " cannot be reached: " + firstLine(e.reason())));
      }
      if (event instanceof RunEvent.RunFinished e) {
        String outcome = e.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        long finishedDone = e.nodes().stream().filter(n -> n.state() == NodeState.DONE).count();
        return Optional.of(
            new NotificationEvent(
                NotifySpec.Event.RUN_FINISHED,
                run,
                "rollrun: "
                    + playbook
                    + " "
                    + e.outcome()
                    + ": "
                    + finishedDone
                    + " of "
                    + e.nodes().size()
                    + " node(s) done in "
                    + seconds(e.took())
                    + (e.message() == null ? "" : "; " + firstLine(e.message())),
                "",
                outcome,
                e.message() == null ? "" : e.message(),
                (int) finishedDone,
                e.nodes().size()));
      }
      return Optional.empty();
    }

    private NotificationEvent failure(String run, String host, String what) {
      return new NotificationEvent(
          NotifySpec.Event.FAILURE,
          run,
          "rollrun: " + playbook + ": " + what,
          host == null ? "" : host,
          "",
          what,
          done,
          nodes);
    }
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  private static String seconds(Duration d) {
    long s = d.toSeconds();
    return s < 60 ? String.format("%.1fs", d.toMillis() / 1000.0) : s / 60 + "m" + s % 60 + "s";
  }
}
