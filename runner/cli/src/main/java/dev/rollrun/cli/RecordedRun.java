package dev.rollrun.cli;

import dev.rollrun.core.journal.Journal;
import dev.rollrun.core.journal.JournalHeader;
import dev.rollrun.core.journal.RunLock;
import dev.rollrun.core.journal.RunLocks;
import dev.rollrun.core.journal.RunStatus;
import dev.rollrun.core.journal.RunStore;
import dev.rollrun.core.journal.RunSummary;
import dev.rollrun.core.load.PlanOptions;
import dev.rollrun.core.problem.UsageException;
import java.nio.file.Path;

/**
 * A run named on the command line by its id ({@code rollrun resume}, {@code rollrun recover}): its
 * journal, refused while the run still holds its cluster's lock, and the inputs it was planned
 * from.
 */
record RecordedRun(Journal journal, RunSummary summary) {

  /** The run {@code runId} of {@code store}; a usage error when there is none or it is running. */
  static RecordedRun find(RunStore store, String runId) {
    Journal journal =
        store
            .find(runId)
            .orElseThrow(
                () ->
                    new UsageException(
                        "no run \""
                            + runId
                            + "\" in "
                            + store.runs()
                            + " (rollrun runs lists the runs kept there)"));
    String holder =
        RunLocks.named(journal.header().lock(), store)
            .holder()
            .map(RunLock.Holder::runId)
            .orElse(null);
    RunSummary summary = RunSummary.of(journal, runId.equals(holder));
    if (summary.status() == RunStatus.RUNNING) {
      throw new UsageException("run " + runId + " is still running (it holds its cluster's lock)");
    }
    return new RecordedRun(journal, summary);
  }

  /** The playbook the run was planned from. */
  Path playbook() {
    return Path.of(journal.header().inputs().playbook());
  }

  /** The inventory, {@code --limit} and {@code -e} the run was planned with. */
  PlanOptions planOptions() {
    JournalHeader.RunInputs inputs = journal.header().inputs();
    PlanOptions defaults = PlanOptions.defaults();
    return new PlanOptions(
        inputs.inventory() == null ? null : Path.of(inputs.inventory()),
        inputs.limit(),
        inputs.extraVars(),
        defaults.environment(),
        defaults.home());
  }

  /**
   * A usage error unless the plan made now is the run's, or {@code replan} allows another.
   *
   * @param replanning what {@code --replan} does, for the message
   */
  void requireSamePlan(String digestNow, boolean replan, String replanning) {
    JournalHeader header = journal.header();
    if (!digestNow.equals(header.planDigest()) && !replan) {
      throw new UsageException(
          "the plan changed since run "
              + header.runId()
              + " began (plan "
              + header.planDigest()
              + ", now "
              + digestNow
              + "): the playbook, the inventory or a file they name changed. Restore them, or "
              + replanning);
    }
  }
}
