package dev.rollrun.cli;

import dev.rollrun.core.load.LoadedPlan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rollrun recover RUN-ID}: puts back what a run left set on its nodes — a behaviour's
 * temporary setting (shard allocation, a maintenance flag, a load-balancer drain) or a playbook's
 * {@code set:} — when the run crashed before its own restore ran, or that restore failed. Each
 * setting is put back with the value the run saved before changing it, and reported.
 */
@Command(
    name = "recover",
    description =
        "Put back the temporary settings a crashed or failed run left on its nodes (owned settings"
            + " of the cluster behaviour, set:/restore: steps), each reported. Nothing is stopped"
            + " or started.",
    mixinStandardHelpOptions = true)
final class RecoverCommand implements Callable<Integer> {

  private final Wiring wiring;

  RecoverCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "RUN-ID", description = "The run whose settings to put back.")
  String runId;

  @Option(
      names = "--replan",
      description =
          "Put the settings back although the playbook or the inventory changed since the run"
              + " began: the restore commands are those of the playbook as it is now.")
  boolean replan;

  @Mixin RollOptions roll;

  @Mixin StateDir stateDir;

  @Override
  public Integer call() throws InterruptedException {
    RecordedRun run = RecordedRun.find(stateDir.store(), runId);
    try (LoadedPlan loaded = wiring.rollingLoader().load(run.playbook(), run.planOptions())) {
      run.requireSamePlan(
          loaded.plan().digest(), replan, "put the settings back as it is now with --replan");
      return new RollExecution(
              wiring,
              spec.commandLine().getOut(),
              spec.commandLine().getErr(),
              roll.execution(System.console(), stateDir))
          .recover(loaded, run.journal());
    }
  }
}
