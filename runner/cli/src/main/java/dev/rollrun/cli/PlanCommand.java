package dev.rollrun.cli;

import dev.rollrun.core.load.LoadedPlan;
import dev.rollrun.core.report.PlanFormat;
import dev.rollrun.core.text.Suggestions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rollrun plan PLAYBOOK}: prints exactly what a roll would do, touching no host. */
@Command(
    name = "plan",
    description = "Print what a roll would do (batches, nodes, every command), touching no host.",
    mixinStandardHelpOptions = true)
final class PlanCommand implements Callable<Integer> {

  private final Wiring wiring;

  PlanCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PLAYBOOK", description = "The playbook file.")
  Path playbook;

  @Option(
      names = "--format",
      paramLabel = "text|markdown|json",
      defaultValue = "text",
      description =
          "text for the terminal, markdown for a pull request, json for tools (default: ${DEFAULT-VALUE}).")
  String format;

  @Mixin PlanInputs inputs;

  @Override
  public Integer call() {
    PlanFormat chosen;
    try {
      chosen = PlanFormat.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--format "
              + format
              + ": expected text, markdown or json"
              + Suggestions.didYouMean(format, List.of("text", "markdown", "json")));
    }
    wiring.warnSkippedPlugins(spec.commandLine().getErr());
    try (LoadedPlan loaded = wiring.planningLoader().load(playbook, inputs.toOptions())) {
      InventoryWarnings.print(spec.commandLine().getErr(), loaded.inventory());
      var out = spec.commandLine().getOut();
      out.print(chosen.render(loaded.plan()));
      out.flush();
      return ExitCodes.OK;
    }
  }
}
