package dev.rollrun.cli;

import dev.rollrun.core.behaviour.BehaviourCatalog;
import dev.rollrun.core.plan.LoadedPlan;
import dev.rollrun.core.plan.PlanLoader;
import dev.rollrun.core.report.PlanFormat;
import java.nio.file.Path;
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
      "  rollrun PLAYBOOK              dry run: check everything, print the plan, change nothing",
      "  rollrun validate PLAYBOOK...  check playbooks, inventories and templates",
      "  rollrun plan PLAYBOOK         print the plan (--format text|markdown|json)",
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
    subcommands = {ValidateCommand.class, PlanCommand.class})
final class RollCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PLAYBOOK", arity = "0..1", description = "The playbook to roll.")
  Path playbook;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Show stack traces and library logs on errors.")
  boolean debug;

  @Mixin PlanInputs inputs;

  @Override
  public Integer call() {
    if (playbook == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "missing the PLAYBOOK to roll");
    }
    LoadedPlan loaded =
        new PlanLoader(BehaviourCatalog.builtIn()).load(playbook, inputs.toOptions());
    var out = spec.commandLine().getOut();
    out.print(PlanFormat.TEXT.render(loaded.plan()));
    out.println();
    out.println("dry run: the plan above is valid; no host was contacted and nothing was changed.");
    out.flush();
    return ExitCodes.OK;
  }
}
