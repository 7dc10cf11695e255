package dev.rollrun.cli;

import dev.rollrun.api.Host;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.load.LoadedPlan;
import dev.rollrun.core.load.PlanOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rollrun completion}: the shell completion script picocli generates from rollrun's commands
 * and options, for bash and (through {@code bashcompinit}) zsh: subcommands, options, the values of
 * options with a fixed set of them, and files where a command takes a path (the playbook). For
 * {@code --limit}, a few lines after picocli's script ask {@code rollrun completion --hosts-of
 * PLAYBOOK} for the host names and groups of the playbook on the command line.
 */
@Command(
    name = "completion",
    description = {
      "Print the shell completion script for bash and zsh: subcommands, options, their fixed"
          + " values, file names (playbooks) and, after --limit, the hosts and groups of the"
          + " playbook on the command line.",
      "  bash: source <(rollrun completion)             (or save it in"
          + " ~/.local/share/bash-completion/completions/rollrun)",
      "  zsh:  autoload -U +X compinit && compinit; autoload -U +X bashcompinit && bashcompinit;"
          + " source <(rollrun completion)"
    },
    mixinStandardHelpOptions = true)
final class CompletionCommand implements Callable<Integer> {

  /**
   * After picocli's script: {@code --limit} completes to the names the playbook's inventory has,
   * the playbook being the first word of the command line that names a YAML file.
   */
  private static final String LIMIT_COMPLETION =
      """

      # --limit: the host names and groups of the playbook on the command line (read offline).
      function _complete_rollrun_limit() {
        local prev_word=${COMP_WORDS[COMP_CWORD-1]} curr_word=${COMP_WORDS[COMP_CWORD]} word
        if [[ $prev_word == --limit ]]; then
          for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
            if [[ ( $word == *.yml || $word == *.yaml ) && -f $word ]]; then
              local IFS=$'\\n'
              COMPREPLY=( $(compgen -W "$("${COMP_WORDS[0]}" completion --hosts-of "$word" \\
                2>/dev/null)" -- "$curr_word") )
              return 0
            fi
          done
        fi
        _complete_rollrun "$@"
      }
      complete -F _complete_rollrun_limit -o default rollrun rollrun.sh rollrun.bash
      """;

  private final Wiring wiring;

  CompletionCommand(Wiring wiring) {
    this.wiring = wiring;
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--hosts-of",
      paramLabel = "PLAYBOOK",
      hidden = true,
      description = "The host names and groups of PLAYBOOK's inventory, one a line (for --limit).")
  Path hostsOf;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (hostsOf != null) {
      hosts(out);
    } else {
      out.print(AutoComplete.bash("rollrun", spec.root().commandLine()));
      out.print(LIMIT_COMPLETION);
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** Prints nothing when the playbook cannot be planned: a completion never shows an error. */
  private void hosts(PrintWriter out) {
    Set<String> names = new TreeSet<>();
    try (LoadedPlan loaded = wiring.planningLoader().load(hostsOf, PlanOptions.defaults())) {
      Inventory inventory = loaded.inventory();
      inventory.hosts().stream().map(Host::name).forEach(names::add);
      names.addAll(inventory.groups().keySet());
    } catch (RuntimeException e) {
      // A playbook that does not plan (yet), or any other failure: no candidates.
      return;
    }
    names.forEach(out::println);
  }
}
