package dev.rollrun.core.journal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.core.event.NodeState;
import dev.rollrun.core.exec.NodeProgress;
import dev.rollrun.core.exec.ResumePoint;
import dev.rollrun.core.exec.RolloutState;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a journal onto a plan: where each node was when the recorded run ended, and so where a
 * continued run takes it up ({@link ResumePoint}).
 */
public final class JournalReplay {

  private JournalReplay() {}

  /**
   * What the journal says, node by node.
   *
   * @param state where the continued run starts
   * @param seen what the journal saw of each node, in roll order
   */
  public record Replayed(RolloutState state, Map<String, ResumePoint.Seen> seen) {}

  /**
   * @param plan the plan of the run, made again from the same inputs (or, with {@code --replan},
   *     from what they are now: steps are matched by id)
   * @param skip {@code --skip} of the recorded run: the first nodes of the order the run began with
   *     (its first {@code run-started} record; a cluster may order them differently now)
   */
  public static Replayed replay(Journal journal, RolloutPlan plan, int skip) {
    Map<String, NodePlan> nodes = new LinkedHashMap<>();
    plan.nodes().forEach(n -> nodes.put(n.host().name(), n));
    Map<String, NodeState> states = new HashMap<>();
    Map<String, Integer> cursors = new HashMap<>();
    Map<String, String> unfinished = new HashMap<>();
    Map<String, String> failed = new HashMap<>();
    java.util.Set<String> clusterStepsFinished = new java.util.HashSet<>();
    List<String> firstOrder = null;
    boolean recovering = false;
    for (JsonNode record : journal.records()) {
      String type = record.path("type").asText();
      String host = record.path("host").isTextual() ? record.path("host").asText() : null;
      String step = record.path("step").asText(null);
      if (type.equals(JournalWriter.RECOVERY_STARTED) || type.equals(JournalWriter.RESUMED)) {
        recovering = type.equals(JournalWriter.RECOVERY_STARTED);
        continue;
      }
      if (recovering) {
        continue; // a recovery restores settings; it moves no node
      }
      switch (type) {
        case "run-started" -> {
          if (firstOrder == null) {
            firstOrder = new java.util.ArrayList<>();
            for (JsonNode name : record.path("nodes")) {
              firstOrder.add(name.asText());
            }
          }
        }
        case "node-state-changed" -> {
          states.put(host, NodeState.valueOf(words(record.path("to").asText())));
          NodePlan node = nodes.get(host);
          if (node != null) {
            cursors.put(host, indexOf(node, record.path("nextStep").asText(null)));
          }
        }
        case "step-started" -> {
          if (host != null) {
            unfinished.put(host, step);
            failed.remove(host);
          }
        }
        case "step-finished" -> {
          if (host == null) {
            clusterStepsFinished.add(step);
          } else {
            unfinished.remove(host);
            NodePlan node = nodes.get(host);
            if (node != null) {
              cursors.put(host, indexOf(node, step) + 1);
            }
          }
        }
        case "step-failed" -> {
          if (host != null) {
            unfinished.remove(host);
            failed.put(host, step);
          }
        }
        default -> {
          // other records change no node
        }
      }
    }
    java.util.Set<String> skipped =
        firstOrder == null
            ? plan.nodes().stream()
                .limit(skip)
                .map(n -> n.host().name())
                .collect(java.util.stream.Collectors.toSet())
            : java.util.Set.copyOf(firstOrder.subList(0, Math.min(skip, firstOrder.size())));
    Map<String, NodeProgress> progress = new LinkedHashMap<>();
    Map<String, ResumePoint.Seen> seen = new LinkedHashMap<>();
    for (NodePlan node : plan.nodes()) {
      String host = node.host().name();
      NodeState state =
          states.getOrDefault(host, skipped.contains(host) ? NodeState.SKIPPED : NodeState.PENDING);
      ResumePoint.Seen what =
          new ResumePoint.Seen(
              state, cursors.getOrDefault(host, 0), unfinished.get(host), failed.get(host));
      seen.put(host, what);
      progress.put(host, ResumePoint.of(node, what));
    }
    List<String> preCluster = plan.preCluster().stream().map(PlannedStep::id).toList();
    boolean preClusterDone = clusterStepsFinished.containsAll(preCluster) && !states.isEmpty();
    RolloutState state = new RolloutState(progress, preClusterDone);
    return new Replayed(state, seen);
  }

  /** A value a behaviour wrapper read on a node before it changed it. */
  public record SavedValue(String host, String step, String value) {}

  /**
   * What a run left set on its nodes.
   *
   * @param restores for each node that has any, in roll order, the steps that put back a setting
   *     the run made (a wrapper's after side, a {@code restore:}) whose setting step began and
   *     which never finished since, in the order the node would have run them
   * @param saved every value the run's wrappers saved, last value last
   */
  public record LeftSet(Map<String, List<PlannedStep>> restores, List<SavedValue> saved) {

    public boolean isEmpty() {
      return restores.isEmpty();
    }

    /** How many settings are left. */
    public int count() {
      return restores.values().stream().mapToInt(List::size).sum();
    }
  }

  /** Every value the wrappers of the journal's run saved, in journal order. */
  public static List<SavedValue> saved(Journal journal) {
    List<SavedValue> saved = new java.util.ArrayList<>();
    for (JsonNode record : journal.records()) {
      if (record.path("type").asText().equals("owned-saved")) {
        saved.add(
            new SavedValue(
                record.path("host").asText(),
                record.path("step").asText(),
                record.path("saved").isTextual() ? record.path("saved").asText() : null));
      }
    }
    return saved;
  }

  /**
   * What the run of {@code journal} left set: a setting step that began (even if it failed or was
   * cut off: it may have changed something) is left set until a step that restores it finished, in
   * the run itself, a continued run or an earlier recovery.
   */
  public static LeftSet leftSet(Journal journal, RolloutPlan plan) {
    Map<String, java.util.Set<String>> set = new HashMap<>();
    for (JsonNode record : journal.records()) {
      String type = record.path("type").asText();
      if (!record.path("host").isTextual()) {
        continue;
      }
      String host = record.path("host").asText();
      String step = record.path("step").asText(null);
      if (type.equals("step-started") && step != null) {
        set.computeIfAbsent(host, h -> new java.util.HashSet<>()).add(step);
      } else if (type.equals("step-finished") && step != null) {
        plan.nodes().stream()
            .filter(n -> n.host().name().equals(host))
            .flatMap(n -> n.steps().stream())
            .filter(s -> s.id().equals(step))
            .flatMap(s -> s.restores().stream())
            .forEach(partner -> set.getOrDefault(host, new java.util.HashSet<>()).remove(partner));
      }
    }
    Map<String, List<PlannedStep>> restores = new LinkedHashMap<>();
    for (NodePlan node : plan.nodes()) {
      java.util.Set<String> left = set.getOrDefault(node.host().name(), java.util.Set.of());
      List<PlannedStep> steps =
          node.steps().stream()
              .filter(s -> s.restores().filter(left::contains).isPresent())
              .toList();
      if (!steps.isEmpty()) {
        restores.put(node.host().name(), steps);
      }
    }
    return new LeftSet(restores, saved(journal));
  }

  /** {@code awaiting health} as written in the journal, to the constant's name. */
  private static String words(String state) {
    return state.toUpperCase(java.util.Locale.ROOT).replace(' ', '_');
  }

  private static int indexOf(NodePlan node, String stepId) {
    if (stepId == null) {
      return node.steps().size();
    }
    for (int i = 0; i < node.steps().size(); i++) {
      if (node.steps().get(i).id().equals(stepId)) {
        return i;
      }
    }
    return node.steps().size();
  }
}
