package dev.rollrun.cli;

import dev.rollrun.core.load.LoadedPlan;
import dev.rollrun.core.load.PlanLoader;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.text.Printable;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rollrun validate PLAYBOOK...}: checks playbooks, their inventories and every template
 * against the hosts, reporting every problem of every file before failing.
 */
@Command(
    name = "validate",
    description = "Check playbooks, their inventories and templates; report every problem.",
    mixinStandardHelpOptions = true)
final class ValidateCommand implements Callable<Integer> {

  private final Wiring wiring;

  ValidateCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "PLAYBOOK", arity = "1..*", description = "Playbook files.")
  List<Path> playbooks;

  @Mixin PlanInputs inputs;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    boolean debug = Rollrun.debugRequested(spec);
    wiring.warnSkippedPlugins(err);
    PlanLoader loader = wiring.planningLoader();
    int failed = 0;
    for (Path playbook : playbooks) {
      try (LoadedPlan loaded = loader.load(playbook, inputs.toOptions())) {
        InventoryWarnings.print(spec.commandLine().getErr(), loaded.inventory());
        RunNotifications.of(loaded, inputs.toOptions().extraVars());
        out.println(
            "ok  "
                + Printable.escape(playbook.normalize().toString())
                + ": "
                + loaded.plan().nodeCount()
                + " node(s) in "
                + loaded.plan().batches().size()
                + " batch(es), plan "
                + loaded.plan().digest());
      } catch (InvalidConfigException | UsageException e) {
        // An invalid playbook is reported and the next one checked; anything else is not about
        // the playbook and ends the command with its own exit code.
        failed++;
        out.flush();
        new ErrorReporter(err, debug).report(e);
      }
    }
    out.flush();
    if (failed > 0 && playbooks.size() > 1) {
      err.println("rollrun: " + failed + " of " + playbooks.size() + " playbooks are invalid");
      err.flush();
    }
    return failed == 0 ? ExitCodes.OK : ExitCodes.USAGE;
  }
}
