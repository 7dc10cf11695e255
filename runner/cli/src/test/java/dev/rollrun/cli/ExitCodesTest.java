package dev.rollrun.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.rollrun.api.RollrunException;
import dev.rollrun.core.exec.StepFailedException;
import dev.rollrun.core.health.GateTimeoutException;
import dev.rollrun.core.load.PlanChangedException;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.ssh.SshConnectException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

  private static final SshConnectException UNREACHABLE =
      new SshConnectException("web-1", "10.0.0.1:22", "connection refused", null);

  /** What the operator sees on stderr, and the exit code. */
  private record Reported(int code, String err) {}

  private static Reported report(Throwable error) {
    StringWriter err = new StringWriter();
    int code = new ErrorReporter(new PrintWriter(err), false).report(error);
    return new Reported(code, err.toString());
  }

  @Test
  void badInputExits2() {
    assertEquals(
        2, ExitCodes.of(new InvalidConfigException(SourcePosition.startOf("p.yml"), "bad key")));
    assertEquals(2, ExitCodes.of(new UsageException("--limit: no host named x")));
  }

  @Test
  void aPlanThatIsNotTheApprovedOneExits6() {
    assertEquals(
        6,
        ExitCodes.of(
            new PlanChangedException(
                "the plan is not the approved one", "0123456789ab", "ba9876543210")));
  }

  @Test
  void aNodeAStepOrAGateThatFailedExits3() {
    assertEquals(3, ExitCodes.of(UNREACHABLE));
    assertEquals(3, ExitCodes.of(new StepFailedException("exit code 1")));
    assertEquals(
        3, ExitCodes.of(new GateTimeoutException("health", Duration.ofMinutes(1), 1, 3, "down")));
    assertEquals(
        3,
        ExitCodes.of(new RollrunException(UNREACHABLE.getMessage() + " (and 2 more)", UNREACHABLE)),
        "a host failure rollrun wrapped is still a host failure");
  }

  @Test
  void aDefectOfRollrunExits1EvenWhenItIsARollrunException() {
    assertEquals(1, ExitCodes.of(new RollrunException("the JSON Schema x is missing")));
    assertEquals(
        1, ExitCodes.of(new RollrunException("cannot read x", new IOException("disk gone"))));
    assertEquals(1, ExitCodes.of(new IllegalStateException("unknown step kind Foo")));
    assertEquals(
        1,
        ExitCodes.of(new IllegalStateException("bug", UNREACHABLE)),
        "only rollrun's own wrappers pass a roll failure on");
  }

  @Test
  void internalErrorIsOneLineSayingSoWithoutAStackTrace() {
    Reported schema =
        report(
            new IllegalStateException(
                "the JSON Schema schemas/playbook.schema.json is missing from the distribution"));
    assertEquals(1, schema.code());
    assertEquals(
        "rollrun: internal error: java.lang.IllegalStateException: the JSON Schema"
            + " schemas/playbook.schema.json is missing from the distribution (run again with"
            + " --debug for the stack trace)"
            + System.lineSeparator(),
        schema.err());

    Reported own = report(new RollrunException("cannot start the demo fleet: no address"));
    assertEquals(1, own.code());
    assertEquals(
        "rollrun: internal error: cannot start the demo fleet: no address (run again with --debug"
            + " for the stack trace)"
            + System.lineSeparator(),
        own.err());
  }

  @Test
  void rollFailureIsReportedAsItsOwnMessage() {
    Reported reported = report(UNREACHABLE);
    assertEquals(3, reported.code());
    assertEquals(
        "rollrun: web-1 (10.0.0.1:22): cannot connect: connection refused" + System.lineSeparator(),
        reported.err());
    assertFalse(reported.err().contains("internal"));
  }
}
