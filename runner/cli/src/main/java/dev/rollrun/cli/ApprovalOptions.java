package dev.rollrun.cli;

import dev.rollrun.core.load.ApprovedPlan;
import dev.rollrun.core.load.LoadedPlan;
import dev.rollrun.core.load.PlanLoader;
import dev.rollrun.core.load.PlanOptions;
import dev.rollrun.core.load.PlaybookHistory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --expect-digest} and {@code --plan}: a roll runs only the plan a reviewer approved (exit 6
 * otherwise, saying what changed, before anything is touched).
 */
final class ApprovalOptions {

  @Option(
      names = "--expect-digest",
      paramLabel = "DIGEST",
      description =
          "Refuse to start (exit 6) unless the plan is the approved one: DIGEST is the 12 hex digits"
              + " rollrun plan printed. Says what changed, from the plan of the playbook's recent"
              + " commits or --plan.")
  String expectDigest;

  @Option(
      names = "--plan",
      paramLabel = "FILE",
      description =
          "Refuse to start (exit 6) unless the plan is the one rollrun plan --out FILE wrote, and"
              + " say what changed.")
  Path plan;

  /**
   * Refuses the loaded plan unless it is the approved one; does nothing without either option.
   *
   * @param planning a loader that only plans, to find the approved digest among recent commits
   */
  void check(LoadedPlan loaded, PlanLoader planning, Path playbook, PlanOptions options) {
    ApprovedPlan approved = null;
    if (plan != null) {
      approved = ApprovedPlan.read(plan);
    }
    if (expectDigest != null) {
      ApprovedPlan digest = ApprovedPlan.ofDigest(expectDigest);
      approved = approved == null ? digest : approved.and(digest);
    }
    if (approved != null) {
      approved.check(
          loaded.plan(),
          digest ->
              new PlaybookHistory(planning, playbook, options)
                  .find(digest, loaded.inventoryFile()));
    }
  }
}
