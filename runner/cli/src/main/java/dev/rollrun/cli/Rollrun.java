package dev.rollrun.cli;

import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.text.Printable;
import dev.rollrun.core.text.Suggestions;
import dev.rollrun.core.yaml.TextFiles;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Entry point of the {@code rollrun} command: wires the picocli commands and maps every outcome to
 * an exit code in one place ({@link ExitCodes}).
 */
public final class Rollrun {

  private Rollrun() {}

  public static void main(String[] args) {
    if (Arrays.asList(args).contains("--debug")) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
      // The server side of MINA runs only the embedded demo fleet; at debug it logs the whole
      // environment of every command it starts, which is the operator's own environment.
      System.setProperty("org.slf4j.simpleLogger.log.org.apache.sshd.server", "info");
    }
    PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = execute(args, out, err, TerminalAccess.ofProcess());
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Runs one command line, writing to {@code out} and {@code err}; returns the exit code. It has no
   * terminal: it never asks, so {@code --commit} needs {@code --yes}, and shows plain lines.
   */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, out, err, TerminalAccess.NONE);
  }

  static int execute(String[] args, PrintWriter out, PrintWriter err, TerminalAccess terminals) {
    boolean debug = Arrays.asList(args).contains("--debug");
    Wiring wiring = Wiring.builtIn(pluginFolders(args)).atTerminal(terminals);
    CommandLine cli = new CommandLine(RollCommand.class, wiring.commands());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // "-e @secrets.yml" names a file of secret values for rollrun to read; picocli must not
    // splice its lines into the command line (and quote them back in an error).
    cli.setExpandAtFiles(false);
    // A file argument is checked as a name before it becomes a path, and said in words.
    cli.registerConverter(
        Path.class,
        value -> {
          String why = TextFiles.unusableFileName(value).orElse(null);
          if (why != null) {
            throw new CommandLine.TypeConversionException("the file name " + why);
          }
          return Path.of(value);
        });
    cli.setParameterExceptionHandler(
        (ex, arguments) -> {
          if (ex.getCause() instanceof UsageException usage) {
            // An option's value that reads but cannot be used (an empty --limit): said as such.
            return new ErrorReporter(err, debug, wiring.secrets()).report(usage);
          }
          err.println("rollrun: " + Printable.escape(describe(ex)));
          CommandLine command = ex.getCommandLine();
          err.println(
              "Try 'rollrun "
                  + (command.getCommandName().equals("rollrun")
                      ? ""
                      : command.getCommandName() + " ")
                  + "--help' for usage.");
          err.flush();
          return ExitCodes.USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, command, parseResult) -> new ErrorReporter(err, debug, wiring.secrets()).report(ex));
    try {
      return cli.execute(args);
    } catch (RuntimeException | Error e) {
      return new ErrorReporter(err, debug, wiring.secrets()).report(e);
    }
  }

  /**
   * Every {@code --plugins DIR} of the command line, read before picocli parses it: the plugins
   * decide which playbook keys and commands' answers there are. picocli checks the option again.
   */
  static List<java.nio.file.Path> pluginFolders(String[] args) {
    List<java.nio.file.Path> folders = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--")) {
        break;
      }
      if (args[i].equals("--plugins") && i + 1 < args.length) {
        folders.add(java.nio.file.Path.of(args[++i]));
      } else if (args[i].startsWith("--plugins=")) {
        folders.add(java.nio.file.Path.of(args[i].substring("--plugins=".length())));
      }
    }
    return folders;
  }

  /** picocli's message, in rollrun's style, with a did-you-mean for a mistyped option. */
  private static String describe(CommandLine.ParameterException ex) {
    if (ex instanceof CommandLine.UnmatchedArgumentException unmatched
        && unmatched.isUnknownOption()) {
      List<String> unknown = unmatched.getUnmatched();
      String option = unknown.isEmpty() ? "?" : unknown.get(0);
      String name = option.contains("=") ? option.substring(0, option.indexOf('=')) : option;
      Set<String> known = ex.getCommandLine().getCommandSpec().optionsMap().keySet();
      return "unknown option '"
          + name
          + "'"
          + Suggestions.closest(name, known).map(s -> " (did you mean '" + s + "'?)").orElse("");
    }
    String message = ex.getMessage() == null ? "invalid command line" : ex.getMessage();
    return message.isEmpty()
        ? message
        : Character.toLowerCase(message.charAt(0)) + message.substring(1);
  }

  static boolean debugRequested(CommandSpec spec) {
    CommandSpec root = spec.root();
    Object command = root.userObject();
    return command instanceof RollCommand roll && roll.debug;
  }
}
