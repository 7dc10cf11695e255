package dev.rollrun.cli;

import dev.rollrun.core.load.PlanOptions;
import dev.rollrun.core.problem.UsageException;
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
          "Inventory to use instead of the playbook's inventory: (rollrun YAML, Ansible INI or YAML, or an Ansible inventory directory).")
  Path inventory;

  /** The hosts and roles {@code --limit} names, in order; empty when it is not given. */
  private List<String> limit = List.of();

  /**
   * Every {@code --limit} argument given so far (picocli passes them all each time). Split here,
   * not by picocli: its split turns {@code ","} into no names at all, and no names means every
   * host. An empty name, anywhere, is refused.
   */
  @Option(
      names = "--limit",
      paramLabel = "PATTERNS",
      description =
          "Roll only these hosts: names, roles (groups) or Ansible host patterns (web:&prod,"
              + " web:!web2, !db1, web*, ~regex, web[0]); comma-separated, repeatable.")
  void limit(List<String> arguments) {
    List<String> names = new ArrayList<>();
    for (String argument : arguments == null ? List.<String>of() : arguments) {
      names.addAll(limitNames(argument));
    }
    limit = List.copyOf(names);
  }

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

  /** The names of one {@code --limit} argument; refuses an empty one. */
  static List<String> limitNames(String argument) {
    List<String> names = List.of(argument.split(",", -1));
    String problem = null;
    if (names.stream().allMatch(String::isBlank)) {
      problem = "; name at least one host or role";
    } else if (names.get(0).isBlank()) {
      problem = " before the first comma";
    } else if (names.get(names.size() - 1).isBlank()) {
      problem = " after the last comma";
    } else if (names.stream().anyMatch(String::isBlank)) {
      problem = " between two commas";
    }
    if (problem != null) {
      throw new UsageException("--limit \"" + argument + "\": empty host or role name" + problem);
    }
    return names;
  }
}
