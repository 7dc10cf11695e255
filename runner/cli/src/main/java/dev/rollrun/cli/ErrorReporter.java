package dev.rollrun.cli;

import dev.rollrun.api.RollrunException;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.text.Printable;
import dev.rollrun.core.text.Redactor;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Prints an error as an operator should see it: the problems, one per line, each starting with
 * file:line:column; never a stack trace unless {@code --debug} asked for one. Every line, the stack
 * trace included, has the known secret values hidden, then every character that would act on the
 * terminal escaped ({@link Printable}): a value quoted in a message cannot add a line or rewrite
 * the screen.
 */
final class ErrorReporter {

  /** The longest line printed whole; a message quoting a huge value is shortened. */
  static final int MAX_LINE = 2_000;

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
        line(problem.toString());
      }
      int n = invalid.problems().size();
      if (n > 1) {
        line("rollrun: " + n + " problems; nothing was changed");
      }
    } else if (ExitCodes.of(error) != ExitCodes.INTERNAL_ERROR) {
      line("rollrun: " + error.getMessage());
    } else {
      // rollrun's own exceptions say what went wrong; for any other the type is the clue.
      String what = error instanceof RollrunException ? error.getMessage() : error.toString();
      line(
          "rollrun: internal error: "
              + what
              + (debug ? "" : " (run again with --debug for the stack trace)"));
    }
    if (debug) {
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      // Frames are indented with tabs; the messages between them are escaped like any line.
      trace
          .toString()
          .lines()
          .forEach(
              l -> {
                String indent = l.substring(0, l.length() - l.stripLeading().length());
                err.println(indent + Printable.escape(redactor.redact(l.stripLeading())));
              });
    }
    err.flush();
    return ExitCodes.of(error);
  }

  /**
   * One line of the report (with its indented continuation lines): secrets hidden first, then what
   * is not printable escaped, then a line too long to read shortened in its middle.
   */
  private void line(String text) {
    // A line break followed by indentation continues the message (a list under it); any other is
    // escaped, so that no value can start a line of its own.
    for (String part : redactor.redact(text).split("\n(?=  )", -1)) {
      err.println(Printable.shortened(Printable.escape(part), MAX_LINE));
    }
  }
}
