package dev.rollrun.cli;

import dev.rollrun.core.journal.Journal;
import dev.rollrun.core.journal.RunStatus;
import dev.rollrun.core.load.LoadedPlan;
import dev.rollrun.core.problem.UsageException;
import java.io.Console;
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
    RecordedRun run = RecordedRun.find(stateDir.store(), runId);
    if (run.summary().status() == RunStatus.DONE) {
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
    Journal journal = run.journal();
    try (LoadedPlan loaded = wiring.rollingLoader().load(run.playbook(), run.planOptions())) {
      run.requireSamePlan(
          loaded.plan().digest(),
          replan,
          "continue with the new plan with --replan (nodes done stay done)");
      return new RollExecution(
              wiring,
              spec.commandLine().getOut(),
              spec.commandLine().getErr(),
              roll.execution(console, stateDir))
          .roll(
              loaded,
              new RollExecution.Start.Continued(journal, journal.header().inputs().skip(), replan),
              false);
    }
  }
}
