package dev.rollrun.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
    }
    PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = execute(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line, writing to {@code out} and {@code err}; returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    boolean debug = Arrays.asList(args).contains("--debug");
    CommandLine cli = new CommandLine(new RollCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(
        (ex, arguments) -> {
          err.println("rollrun: " + ex.getMessage());
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
        (ex, command, parseResult) -> new ErrorReporter(err, debug).report(ex));
    try {
      return cli.execute(args);
    } catch (RuntimeException | Error e) {
      return new ErrorReporter(err, debug).report(e);
    }
  }

  static boolean debugRequested(CommandSpec spec) {
    CommandSpec root = spec.root();
    Object command = root.userObject();
    return command instanceof RollCommand roll && roll.debug;
  }
}
