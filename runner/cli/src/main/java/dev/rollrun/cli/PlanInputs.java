package dev.rollrun.cli;

import dev.rollrun.core.load.PlanOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every command that makes a plan shares. */
final class PlanInputs {

  @Option(
      names = {"-i", "--inventory"},
      paramLabel = "FILE",
      description =
          "Inventory to use instead of the playbook's inventory: (rollrun YAML, Ansible INI or YAML).")
  Path inventory;

  @Option(
      names = "--limit",
      paramLabel = "HOST|ROLE",
      split = ",",
      description = "Roll only these hosts or roles (comma-separated, repeatable).")
  List<String> limit = new ArrayList<>();

  @Option(
      names = {"-e", "--extra-vars"},
      paramLabel = "KEY=VALUE|@FILE",
      description =
          "Set a template variable (vars.KEY), overriding the playbook; @FILE reads a YAML file of secret values, shown as <secret:NAME>.")
  List<String> extraVars = new ArrayList<>();

  PlanOptions toOptions() {
    PlanOptions defaults = PlanOptions.defaults();
    return new PlanOptions(inventory, limit, extraVars, defaults.environment(), defaults.home());
  }
}
