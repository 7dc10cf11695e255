package dev.rollrun.tests;

import dev.rollrun.cli.Rollrun;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One {@code rollrun} command line run in-process: its exit code, stdout and stderr. */
public record CommandLineRun(int exitCode, String out, String err) {

  public static CommandLineRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err)) {
      code = Rollrun.execute(args, o, e);
    }
    return new CommandLineRun(code, out.toString(), err.toString());
  }
}
