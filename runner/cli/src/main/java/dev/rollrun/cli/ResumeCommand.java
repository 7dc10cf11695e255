package dev.rollrun.cli;

import dev.rollrun.core.journal.Journal;
import dev.rollrun.core.journal.JournalHeader;
import dev.rollrun.core.journal.RunLock;
import dev.rollrun.core.journal.RunLocks;
import dev.rollrun.core.journal.RunStatus;
import dev.rollrun.core.journal.RunStore;
import dev.rollrun.core.journal.RunSummary;
import dev.rollrun.core.load.LoadedPlan;
import dev.rollrun.core.load.PlanOptions;
import dev.rollrun.core.problem.UsageException;
import java.io.Console;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rollrun resume RUN-ID}: continues a run that crashed, was interrupted or failed, from its
 * journal: the same playbook, inventory, {@code --limit}, {@code -e} and {@code --skip}; nodes done
 * stay done, a node left part way continues where it was (never stopped twice), the rest follow.
 */
@Command(
    name = "resume",
    description =
        "Continue a run that crashed, was interrupted or failed, from its journal (rollrun runs lists them).",
    mixinStandardHelpOptions = true)
final class ResumeCommand implements Callable<Integer> {

  private final Wiring wiring;

  ResumeCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "RUN-ID", description = "The run to continue.")
  String runId;

  @Option(
      names = "--replan",
      description =
          "Continue although the playbook or the inventory changed since the run began: nodes done stay done, the rest follow the new plan.")
  boolean replan;

  @Mixin RollOptions roll;

  @Mixin StateDir stateDir;

  @Override
  public Integer call() throws InterruptedException {
    RunStore store = stateDir.store();
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
    JournalHeader header = journal.header();
    String holder =
        RunLocks.named(header.lock(), store).holder().map(RunLock.Holder::runId).orElse(null);
    RunSummary summary = RunSummary.of(journal, runId.equals(holder));
    if (summary.status() == RunStatus.RUNNING) {
      throw new UsageException("run " + runId + " is still running (it holds its cluster's lock)");
    }
    if (summary.status() == RunStatus.DONE) {
      spec.commandLine().getOut().println("run " + runId + " is done: nothing to continue.");
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
    Console console = System.console();
    if (!roll.yes && console == null) {
      throw new UsageException(
          "refusing to continue a roll without confirmation: there is no terminal to ask on;"
              + " pass --yes to confirm up front");
    }
    JournalHeader.RunInputs inputs = header.inputs();
    PlanOptions defaults = PlanOptions.defaults();
    PlanOptions options =
        new PlanOptions(
            inputs.inventory() == null ? null : Path.of(inputs.inventory()),
            inputs.limit(),
            inputs.extraVars(),
            defaults.environment(),
            defaults.home());
    try (LoadedPlan loaded = wiring.rollingLoader().load(Path.of(inputs.playbook()), options)) {
      if (!loaded.plan().digest().equals(header.planDigest()) && !replan) {
        throw new UsageException(
            "the plan changed since run "
                + runId
                + " began (plan "
                + header.planDigest()
                + ", now "
                + loaded.plan().digest()
                + "): the playbook, the inventory or a file they name changed. Restore them, or"
                + " continue with the new plan with --replan (nodes done stay done)");
      }
      return new RollExecution(
              wiring,
              spec.commandLine().getOut(),
              spec.commandLine().getErr(),
              new RollExecution.Options(
                  roll.events,
                  roll.acceptNewHostKeys,
                  roll.knownHosts,
                  roll.paranoid,
                  roll.yes,
                  console,
                  store,
                  stateDir.argument()))
          .roll(loaded, new RollExecution.Start.Continued(journal, inputs.skip(), replan), false);
    }
  }
}
