package dev.rollrun.cli;

import dev.rollrun.core.load.LoadedPlan;
import dev.rollrun.core.load.PlanComparison;
import dev.rollrun.core.load.PlanOptions;
import dev.rollrun.core.plan.RolloutPlan;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.report.PlanDiff;
import dev.rollrun.core.report.PlanFormat;
import dev.rollrun.core.text.Suggestions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
      completionCandidates = PlanCommand.Formats.class,
      description =
          "text for the terminal, markdown for a pull request, json for tools (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "Also write the plan as JSON to FILE: what rollrun PLAYBOOK --plan FILE runs only if the"
              + " plan is still the same.")
  Path out;

  @Option(
      names = "--diff",
      paramLabel = "OTHER",
      description =
          "Print what changes from OTHER's plan to this one instead of the plan: OTHER is a"
              + " playbook (planned with the same --inventory, --limit and -e) or a JSON plan"
              + " written by --out.")
  Path diff;

  @Option(
      names = "--diff-ref",
      paramLabel = "REV",
      description =
          "Print what changes from the plan of this playbook at the git revision REV (main, HEAD~1,"
              + " a commit) to its plan now; the playbook and the files it names are read from REV"
              + " with git show.")
  String diffRef;

  @Mixin PlanInputs inputs;

  /** What {@code --format} completes to in a shell. */
  static final class Formats implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return List.of("text", "markdown", "json").iterator();
    }
  }

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
    if (diff != null && diffRef != null) {
      throw new UsageException("--diff and --diff-ref: compare with one plan at a time");
    }
    if ((diff != null || diffRef != null) && chosen == PlanFormat.JSON) {
      throw new UsageException(
          (diff != null ? "--diff" : "--diff-ref")
              + " prints what changed as text or markdown, not json");
    }
    wiring.warnSkippedPlugins(spec.commandLine().getErr());
    PlanOptions options = inputs.toOptions();
    try (LoadedPlan loaded = wiring.planningLoader().load(playbook, options)) {
      InventoryWarnings.print(spec.commandLine().getErr(), loaded.inventory());
      RolloutPlan plan = loaded.plan();
      if (out != null) {
        write(out, PlanFormat.JSON.render(plan));
      }
      var printer = spec.commandLine().getOut();
      if (diff != null || diffRef != null) {
        PlanComparison comparison = new PlanComparison(wiring.planningLoader(), options);
        PlanDiff changes =
            diff != null
                ? comparison.from(diff, plan)
                : comparison.fromRevision(playbook, diffRef, plan);
        printer.print(chosen == PlanFormat.MARKDOWN ? changes.markdown() : changes.text());
      } else {
        printer.print(chosen.render(plan));
      }
      printer.flush();
      return ExitCodes.OK;
    }
  }

  private static void write(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new UsageException("--out " + file + ": no such directory " + parent);
      }
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("--out " + file + ": cannot be written: " + e.getMessage());
    }
  }
}
