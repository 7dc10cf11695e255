package dev.rollrun.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rollrun completion}: the shell completion script picocli generates from rollrun's commands
 * and options, for bash and (through {@code bashcompinit}) zsh: subcommands, options, the values of
 * options with a fixed set of them, and files where a command takes a path (the playbook).
 */
@Command(
    name = "completion",
    description = {
      "Print the shell completion script for bash and zsh: subcommands, options, their fixed"
          + " values and file names (playbooks).",
      "  bash: source <(rollrun completion)             (or save it in"
          + " ~/.local/share/bash-completion/completions/rollrun)",
      "  zsh:  autoload -U +X compinit && compinit; autoload -U +X bashcompinit && bashcompinit;"
          + " source <(rollrun completion)"
    },
    mixinStandardHelpOptions = true)
final class CompletionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("rollrun", spec.root().commandLine());
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
