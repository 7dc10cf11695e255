package dev.rollrun.cli;

import dev.rollrun.core.journal.JournalHeader;
import dev.rollrun.core.load.LoadedPlan;
import dev.rollrun.core.load.PlanOptions;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.problem.UsageException;
import java.nio.file.Path;
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
      "  rollrun plan PLAYBOOK         print the plan (--format text|markdown|json, --out FILE)",
      "  rollrun plan PLAYBOOK --diff-ref main   what a change does to the plan (or --diff OTHER)",
      "  rollrun check PLAYBOOK        evaluate the health gate once: is it safe to start?",
      "  rollrun status PLAYBOOK       what the cluster is now: each member's role, each node's services",
      "  rollrun jmx HOST -p PLAYBOOK  jmxterm's console on a node's JMX (-- COMMAND... to run some)",
      "  rollrun plugins               list the plugins, their behaviours and tasks",
      "  rollrun schema                write the playbook schema, plugins' keys included",
      "  rollrun runs                  list the runs journaled here",
      "  rollrun resume RUN-ID         continue a run that crashed, was interrupted or failed",
      "  rollrun report [RUN-ID]       a run's report again (report.md, report.html); --open",
      "  rollrun completion            the bash/zsh completion script (source <(rollrun completion))",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done; for a dry run or plan: nothing wrong found",
      "1:internal error (a defect in rollrun; --debug shows the stack trace)",
      "2:usage or validation error: a flag, playbook or inventory is wrong",
      "3:the roll failed (a node, a step or a health gate), or the cluster's lock is held, cannot be reached or was lost",
      "4:a plugin failed to load",
      "5:the operator said no (--commit's question, --paranoid's before a batch)",
      "6:the plan is not the approved one (--expect-digest, --plan): nothing was touched",
      "130:interrupted"
    },
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      InventoryCommand.class,
      CheckCommand.class,
      StatusCommand.class,
      JmxCommand.class,
      PluginsCommand.class,
      SchemaCommand.class,
      ResumeCommand.class,
      RecoverCommand.class,
      RunsCommand.class,
      ReportCommand.class,
      CompletionCommand.class
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

  @Option(
      names = "--skip",
      paramLabel = "N",
      defaultValue = "0",
      description = "Leave the first N nodes of the plan untouched.")
  int skip;

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

  @Option(
      names = "--start-over",
      description =
          "With --commit: start a new run although an earlier run of this cluster did not finish (rollrun resume continues that one).")
  boolean startOver;

  @Mixin RollOptions roll;

  @Mixin StateDir stateDir;

  @Mixin PlanInputs inputs;

  @Mixin ApprovalOptions approval;

  @Override
  public Integer call() throws InterruptedException {
    if (playbook == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "missing the PLAYBOOK to roll");
    }
    if (skip < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--skip must be 0 or more");
    }
    roll.verbosity(); // --quiet with -v is refused before anything is loaded
    boolean needsTerminal = commit && (!roll.yes || roll.paranoid);
    OperatorTerminal terminal = needsTerminal ? wiring.terminals().terminal().orElse(null) : null;
    if (commit && !roll.yes && terminal == null) {
      throw new UsageException(
          "refusing to start a roll without confirmation: there is no terminal to ask on;"
              + " pass --yes to confirm up front");
    }
    if (commit && roll.paranoid && terminal == null) {
      throw new UsageException(
          "--paranoid asks on the terminal before every batch, and there is no terminal"
              + " (/dev/tty) to ask on");
    }
    wiring.warnSkippedPlugins(spec.commandLine().getErr());
    PlanOptions planOptions = inputs.toOptions();
    try (LoadedPlan loaded = wiring.rollingLoader().load(playbook, planOptions)) {
      InventoryWarnings.print(spec.commandLine().getErr(), loaded.inventory());
      RunNotifications.of(loaded, planOptions.extraVars());
      RolloutPlan plan = loaded.plan();
      approval.check(loaded, wiring.planningLoader(), playbook, planOptions);
      if (skip > plan.nodeCount()) {
        throw new UsageException(
            "--skip " + skip + " is more than the " + plan.nodeCount() + " nodes of the plan");
      }
      RollExecution execution =
          new RollExecution(
              wiring,
              spec.commandLine().getOut(),
              spec.commandLine().getErr(),
              roll.execution(terminal, wiring, stateDir));
      if (!commit) {
        return execution.dryRun(loaded, runInputs(planOptions));
      }
      return execution.roll(
          loaded, new RollExecution.Start.Fresh(runInputs(planOptions)), startOver);
    }
  }

  /** What a journal records of this command line, files as absolute paths. */
  private JournalHeader.RunInputs runInputs(PlanOptions planOptions) {
    List<String> extraVars =
        planOptions.extraVars().stream()
            .map(
                e ->
                    e.startsWith("@")
                        ? "@" + Path.of(e.substring(1)).toAbsolutePath().normalize()
                        : e)
            .toList();
    return new JournalHeader.RunInputs(
        playbook.toAbsolutePath().normalize().toString(),
        planOptions.inventory() == null
            ? null
            : planOptions.inventory().toAbsolutePath().normalize().toString(),
        planOptions.limit(),
        extraVars,
        skip);
  }
}
