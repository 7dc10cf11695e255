package dev.rollrun.cli;

import dev.rollrun.api.RollrunException;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.text.Redactor;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Prints an error as an operator should see it: the problems, one per line, each starting with
 * file:line:column; never a stack trace unless {@code --debug} asked for one. Every line, the stack
 * trace included, has the known secret values hidden.
 */
final class ErrorReporter {

  private final PrintWriter err;
  private final boolean debug;
  private final Redactor redactor;

  ErrorReporter(PrintWriter err, boolean debug, Redactor redactor) {
    this.err = new PrintWriter(new RedactingWriter(err, redactor), true);
    this.debug = debug;
    this.redactor = redactor;
  }

  ErrorReporter(PrintWriter err, boolean debug) {
    this(err, debug, Redactor.NONE);
  }

  /** Prints {@code error} and returns its exit code. */
  int report(Throwable error) {
    if (error instanceof InvalidConfigException invalid) {
      for (ConfigProblem problem : invalid.problems()) {
        err.println(problem);
      }
      int n = invalid.problems().size();
      if (n > 1) {
        err.println("rollrun: " + n + " problems; nothing was changed");
      }
    } else if (ExitCodes.of(error) != ExitCodes.INTERNAL_ERROR) {
      err.println("rollrun: " + error.getMessage());
    } else {
      // rollrun's own exceptions say what went wrong; for any other the type is the clue.
      String what = error instanceof RollrunException ? error.getMessage() : error.toString();
      err.println(
          "rollrun: internal error: "
              + what
              + (debug ? "" : " (run again with --debug for the stack trace)"));
    }
    if (debug) {
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      err.print(redactor.redact(trace.toString()));
    }
    err.flush();
    return ExitCodes.of(error);
  }
}
