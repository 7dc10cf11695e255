package dev.rollrun.cli;

import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.event.RunEvents;
import dev.rollrun.core.event.RunListener;
import dev.rollrun.core.exec.DryRun;
import dev.rollrun.core.exec.Orchestrator;
import dev.rollrun.core.exec.RolloutState;
import dev.rollrun.core.exec.RunContext;
import dev.rollrun.core.exec.RunControl;
import dev.rollrun.core.exec.RunReport;
import dev.rollrun.core.health.HealthGateWaiter;
import dev.rollrun.core.health.ProbeByKind;
import dev.rollrun.core.health.Sleeper;
import dev.rollrun.core.load.LoadedPlan;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.plan.StepIndex;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.report.PlanFormat;
import dev.rollrun.core.ssh.SshSettings;
import dev.rollrun.core.ssh.SshShell;
import dev.rollrun.core.text.Redactor;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code rollrun PLAYBOOK}: the roll. A dry run unless {@code --commit}. */
@Command(
    name = "rollrun",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Rolls a restart, upgrade or config change through a cluster, one safe step at a time, over SSH.",
      "",
      "  rollrun PLAYBOOK              dry run: connect, check health, print the plan, change nothing",
      "  rollrun PLAYBOOK --commit     roll it (asks once; --yes to skip the question)",
      "  rollrun validate PLAYBOOK...  check playbooks, inventories and templates",
      "  rollrun plan PLAYBOOK         print the plan (--format text|markdown|json)",
      "  rollrun check PLAYBOOK        evaluate the health gate once: is it safe to start?",
      "  rollrun jmx HOST -p PLAYBOOK  jmxterm's console on a node's JMX (-- COMMAND... to run some)",
      "  rollrun plugins               list the plugins, their behaviours and tasks",
      "  rollrun schema                write the playbook schema, plugins' keys included",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done; for a dry run or plan: nothing wrong found",
      "1:internal error (a defect in rollrun; --debug shows the stack trace)",
      "2:usage or validation error: a flag, playbook or inventory is wrong",
      "3:the roll failed: a node, a step or a health gate",
      "4:a plugin failed to load",
      "130:interrupted"
    },
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      InventoryCommand.class,
      CheckCommand.class,
      JmxCommand.class,
      PluginsCommand.class,
      SchemaCommand.class
    })
final class RollCommand implements Callable<Integer> {

  private final Wiring wiring;

  RollCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PLAYBOOK", arity = "0..1", description = "The playbook to roll.")
  Path playbook;

  @Option(
      names = "--commit",
      description =
          "Do it. Without this flag rollrun only connects, checks health and prints the plan.")
  boolean commit;

  @Option(names = "--yes", description = "With --commit: start without asking for confirmation.")
  boolean yes;

  @Option(
      names = "--paranoid",
      description = "With --commit: ask after every batch whether to go on.")
  boolean paranoid;

  @Option(
      names = "--skip",
      paramLabel = "N",
      defaultValue = "0",
      description = "Leave the first N nodes of the plan untouched.")
  int skip;

  @Option(
      names = "--known-hosts",
      paramLabel = "FILE",
      description = "Trust the host keys in FILE too (besides ~/.ssh/known_hosts).")
  Path knownHosts;

  @Option(
      names = "--accept-new-host-keys",
      description =
          "Accept and record the key of a host not yet in ~/.ssh/known_hosts (like OpenSSH's accept-new). A changed key is always refused.")
  boolean acceptNewHostKeys;

  @Option(
      names = "--events",
      paramLabel = "FILE",
      description =
          "Write every event of the run as one JSON object per line to FILE (- for standard output, the human output then goes to standard error). Format: schemas/events.schema.json.")
  String events;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Show stack traces and library logs on errors.")
  boolean debug;

  @Option(
      names = "--plugins",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "Load the plugin jars in DIR too (repeatable), besides the distribution's plugins/ and ~/.rollrun/plugins/.")
  List<Path> pluginFolders = new ArrayList<>();

  @Mixin PlanInputs inputs;

  @Override
  public Integer call() {
    if (playbook == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "missing the PLAYBOOK to roll");
    }
    if (skip < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--skip must be 0 or more");
    }
    var out = spec.commandLine().getOut();
    Console console = System.console();
    if (commit && !yes && console == null) {
      throw new UsageException(
          "refusing to start a roll without confirmation: there is no terminal to ask on;"
              + " pass --yes to confirm up front");
    }
    if (paranoid && console == null) {
      throw new UsageException("--paranoid asks after every batch and needs a terminal");
    }
    wiring.warnSkippedPlugins(spec.commandLine().getErr());
    try (LoadedPlan loaded = wiring.rollingLoader().load(playbook, inputs.toOptions());
        EventsOutput eventsOutput = EventsOutput.open(events, out, spec.commandLine().getErr())) {
      InventoryWarnings.print(spec.commandLine().getErr(), loaded.inventory());
      RolloutPlan plan = loaded.plan();
      if (skip > plan.nodeCount()) {
        throw new UsageException(
            "--skip " + skip + " is more than the " + plan.nodeCount() + " nodes of the plan");
      }
      PrintWriter human = eventsOutput.humanOutput();
      human.print(PlanFormat.TEXT.render(plan));
      human.println();
      human.flush();
      boolean terminal = console != null && !eventsOutput.takesStandardOutput();
      boolean color = terminal && System.getenv("NO_COLOR") == null;
      Redactor redactor = loaded.redactor();
      wiring.secretsLoaded(redactor);
      Clock clock = Clock.systemUTC();
      List<RunListener> listeners = new ArrayList<>();
      listeners.add(new ConsoleReporter(human, new StepIndex(plan), terminal, color));
      eventsOutput.listener().ifPresent(listeners::add);
      RunEvents runEvents = new RunEvents(RunEvents.newRunId(clock), clock, listeners);
      SshSettings settings =
          wiring.sshSettings(acceptNewHostKeys, loaded.extraKnownHosts().orElse(knownHosts));
      try (SshShell shell =
              wiring.shell(settings, message -> runEvents.emit(new RunEvent.Warning(message)));
          HealthGateWaiter gates =
              new HealthGateWaiter(
                  ProbeByKind.standard(shell, Duration.ofSeconds(30)),
                  clock,
                  Sleeper.REAL,
                  runEvents,
                  redactor)) {
        if (!commit) {
          RunContext context =
              new RunContext(
                  shell, gates, clock, Sleeper.REAL, runEvents, RunControl.UNATTENDED, redactor);
          return dryRun(plan, context);
        }
        if (!yes && !confirm(console, plan)) {
          human.println("nothing was changed.");
          human.flush();
          return ExitCodes.OK;
        }
        InterruptibleControl control = new InterruptibleControl(paranoid ? console : null);
        control.installSignalHandler();
        RunContext context =
            new RunContext(shell, gates, clock, Sleeper.REAL, runEvents, control, redactor);
        RunReport report = new Orchestrator(context).run(plan, RolloutState.initial(plan, skip));
        return switch (report.outcome()) {
          case DONE -> ExitCodes.OK;
          case FAILED -> ExitCodes.ROLL_FAILED;
          case INTERNAL_ERROR -> ExitCodes.INTERNAL_ERROR;
          case INTERRUPTED, STOPPED_BY_OPERATOR -> ExitCodes.INTERRUPTED;
        };
      }
    }
  }

  private static int dryRun(RolloutPlan plan, RunContext context) {
    return new DryRun(context).run(plan).isEmpty() ? ExitCodes.OK : ExitCodes.ROLL_FAILED;
  }

  private static boolean confirm(Console console, RolloutPlan plan) {
    String order = String.join(", ", plan.nodes().stream().map(n -> n.host().name()).toList());
    console.printf("%nRoll %d node(s) in this order: %s%n", plan.nodeCount(), order);
    String answer = console.readLine("Start the roll (plan %s)? [y/N] ", plan.digest());
    return answer != null && answer.strip().equalsIgnoreCase("y");
  }
}
