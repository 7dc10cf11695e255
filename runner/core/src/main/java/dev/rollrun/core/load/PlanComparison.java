package dev.rollrun.core.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rollrun.core.plan.PlanJson;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.report.PlanDiff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a change to a playbook changes in its plan, for a pull request: the plan now compared with
 * the plan of another playbook, of a JSON plan written earlier, or of the same playbook at another
 * git revision ({@code rollrun plan --diff}, {@code --diff-ref}).
 */
public final class PlanComparison {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PlanLoader loader;
  private final PlanOptions options;

  /**
   * @param loader a loader that only plans
   * @param options the command line's inputs: the other plan is made with the same ones
   */
  public PlanComparison(PlanLoader loader, PlanOptions options) {
    this.loader = loader;
    this.options = options;
  }

  /** From {@code other}, a playbook or (ending in {@code .json}) a JSON plan, to {@code now}. */
  public PlanDiff from(Path other, RolloutPlan now) {
    if (other.getFileName() != null && other.getFileName().toString().endsWith(".json")) {
      return PlanDiff.between(ApprovedPlan.read(other, "--diff").json(), json(now));
    }
    try (LoadedPlan loaded = loader.load(other, options)) {
      return PlanDiff.between(json(loaded.plan()), json(now));
    }
  }

  /**
   * From the plan of {@code playbook} at the git revision {@code revision} to {@code now}; a
   * playbook that did not exist there compares with an empty plan.
   */
  public PlanDiff fromRevision(Path playbook, String revision, RolloutPlan now) {
    Optional<PlaybookHistory.PastPlan> past =
        new PlaybookHistory(loader, playbook, options).at(revision);
    JsonNode before =
        past.isPresent()
            ? past.get().json()
            : JSON.createObjectNode().put("digest", "(none)").put("playbook", "(none)");
    return PlanDiff.between(before, json(now));
  }

  /** A plan as its JSON, digest included. */
  static JsonNode json(RolloutPlan plan) {
    try {
      return JSON.readTree(PlanJson.toJson(plan, true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
