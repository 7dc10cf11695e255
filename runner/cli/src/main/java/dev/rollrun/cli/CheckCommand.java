package dev.rollrun.cli;

import dev.rollrun.core.event.RunEvents;
import dev.rollrun.core.exec.DryRun;
import dev.rollrun.core.exec.RunContext;
import dev.rollrun.core.exec.RunControl;
import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.health.ProbeByKind;
import dev.rollrun.core.health.Sleeper;
import dev.rollrun.core.load.LoadedPlan;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.ssh.SshSettings;
import dev.rollrun.core.ssh.SshShell;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rollrun check PLAYBOOK}: the operator's "is it safe to start?". Connects to every node
 * whose health counts, evaluates the playbook's health gate once against the live cluster and
 * prints each condition with the values it saw, per node. Changes nothing.
 */
@Command(
    name = "check",
    description = {
      "Evaluate the playbook's health gate once against the live cluster and print each condition with its observed values: is it safe to start?",
      "Exit 0 when every condition holds, 3 when not (or a node cannot be reached)."
    },
    mixinStandardHelpOptions = true)
final class CheckCommand implements Callable<Integer> {

  private final Wiring wiring;

  CheckCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PLAYBOOK", description = "The playbook whose health to check.")
  Path playbook;

  @Mixin HostKeyOptions hostKeys;

  @Mixin PlanInputs inputs;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (LoadedPlan loaded = wiring.rollingLoader().load(playbook, inputs.toOptions())) {
      RolloutPlan plan = loaded.plan();
      wiring.secretsLoaded(loaded.redactor());
      Clock clock = Clock.systemUTC();
      CheckReporter reporter = new CheckReporter(out);
      RunEvents events = new RunEvents(RunEvents.newRunId(clock), clock, List.of(reporter));
      SshSettings settings = hostKeys.settings(wiring, loaded);
      try (SshShell shell =
              wiring.shell(
                  settings,
                  message -> events.emit(new dev.rollrun.core.event.RunEvent.Warning(message)));
          HealthGateWaiter gates =
              new HealthGateWaiter(
                  ProbeByKind.standard(shell, Duration.ofSeconds(30)),
                  clock,
                  Sleeper.REAL,
                  events,
                  loaded.redactor())) {
        RunContext context =
            new RunContext(
                shell,
                gates,
                clock,
                Sleeper.REAL,
                events,
                RunControl.UNATTENDED,
                loaded.redactor());
        List<String> problems = new DryRun(context).run(plan);
        out.flush();
        return problems.isEmpty() ? ExitCodes.OK : ExitCodes.ROLL_FAILED;
      }
    }
  }
}
