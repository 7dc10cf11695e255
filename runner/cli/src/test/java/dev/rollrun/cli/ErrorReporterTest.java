package dev.rollrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.core.text.Redactor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorReporterTest {

  private static final Redactor SECRETS = new Redactor(Map.of("db.password", "hunter2-xyz"));

  @Test
  void anErrorAndItsStackTraceNeverShowASecretValue() {
    StringWriter text = new StringWriter();
    IllegalStateException defect =
        new IllegalStateException(
            "could not run psql -p hunter2-xyz", new RuntimeException("hunter2-xyz again"));
    int code = new ErrorReporter(new PrintWriter(text), true, SECRETS).report(defect);
    assertEquals(ExitCodes.INTERNAL_ERROR, code);
    String out = text.toString();
    assertFalse(out.contains("hunter2-xyz"), out);
    assertTrue(out.contains("psql -p <secret:db.password>"), out);
    assertTrue(out.contains("at dev.rollrun.cli.ErrorReporterTest"), "the trace is there: " + out);
  }

  @Test
  void withoutDebugThereIsNoTrace() {
    StringWriter text = new StringWriter();
    new ErrorReporter(new PrintWriter(text), false, SECRETS)
        .report(new IllegalStateException("boom"));
    assertEquals(
        "rollrun: internal error: java.lang.IllegalStateException: boom (run again with --debug for"
            + " the stack trace)\n",
        text.toString());
  }
}
