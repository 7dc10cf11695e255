package dev.rollrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.problem.UsageException;
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

  @Test
  void aValueQuotedInAMessageCannotForgeALineOrDriveTheTerminal() {
    StringWriter text = new StringWriter();
    int code =
        new ErrorReporter(new PrintWriter(text), false, SECRETS)
            .report(
                new InvalidConfigException(
                    new SourcePosition("p.yml", 3, 8),
                    "hosts: no host or role named \"web\nrollrun: 0 problems\u001b[2J\u202E\""));
    assertEquals(ExitCodes.USAGE, code);
    assertEquals(
        "p.yml:3:8: hosts: no host or role named"
            + " \"web\\nrollrun: 0 problems\\u001B[2J\\u202E\"\n",
        text.toString());
  }

  @Test
  void aSecretIsHiddenBeforeItsControlCharactersAreEscaped() {
    Redactor tabbed = new Redactor(Map.of("token", "ab\tcd"));
    StringWriter text = new StringWriter();
    new ErrorReporter(new PrintWriter(text), false, tabbed)
        .report(new UsageException("-e token=ab\tcd: not used by any template"));
    assertEquals("rollrun: -e token=<secret:token>: not used by any template\n", text.toString());
  }

  @Test
  void aLineQuotingAHugeValueKeepsItsStartAndEnd() {
    StringWriter text = new StringWriter();
    new ErrorReporter(new PrintWriter(text), false, SECRETS)
        .report(
            new InvalidConfigException(
                new SourcePosition("p.yml", 2, 12),
                "inventory \"" + "x".repeat(1_000_000) + "\" not found"));
    String line = text.toString();
    assertTrue(line.length() <= ErrorReporter.MAX_LINE + 1, "length " + line.length());
    assertTrue(line.startsWith("p.yml:2:12: inventory \"xxx"), line);
    assertTrue(line.endsWith("xxx\" not found\n"), line);
  }
}
