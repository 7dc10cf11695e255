package dev.rollrun.tests.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fuzzer's judge catches each broken promise, and passes what keeps them. */
class OutcomeCheckTest {

  private static final String PLAYBOOK = "playbooks/service-restart.yml";

  private static List<String> kinds(int exitCode, String out, String err) {
    return OutcomeCheck.check(exitCode, out, err, List.of("validate", PLAYBOOK)).stream()
        .map(OutcomeCheck.Violation::kind)
        .toList();
  }

  @Test
  void aLocatedRejectionAndAnOkLinePass() {
    assertEquals(List.of(), kinds(2, "", PLAYBOOK + ":3:1: unknown key \"x\"\n"));
    assertEquals(
        List.of(),
        kinds(0, "ok  " + PLAYBOOK + ": 4 node(s) in 4 batch(es), plan 0123456789ab\n", ""));
    assertEquals(List.of(), kinds(2, "", "rollrun: -e x: expected key=value\n"));
  }

  @Test
  void internalErrorsStackTracesAndUnlocatedLinesAreCaught() {
    assertEquals(
        List.of("exit code 1", "stack trace or exception name"),
        kinds(1, "", "rollrun: internal error: java.lang.IllegalStateException: boom\n"));
    assertEquals(
        List.of("raw U+0009 on stderr", "stack trace or exception name"),
        kinds(2, "", PLAYBOOK + ":1:1: x\n\tat dev.rollrun.Foo.bar(Foo.java:3)\n"));
    assertEquals(List.of("message without a location"), kinds(2, "", "something failed\n"));
  }

  @Test
  void aLineNumberPastTheEndOfTheFileIsNoLocation() {
    assertEquals(
        List.of("message without a location"), kinds(2, "", PLAYBOOK + ":9999:1: problem\n"));
  }

  @Test
  void rawControlCharactersAreCaughtOnEitherStream() {
    assertEquals(List.of("raw U+001B on stderr"), kinds(2, "", PLAYBOOK + ":1:1: \u001b[2J\n"));
    assertEquals(
        List.of("raw U+202E on stdout", "stdout line that is not an ok line"),
        kinds(0, "ok  \u202E\n", ""));
  }

  @Test
  void exitCodeAndOutputMustAgree() {
    assertEquals(List.of("exit 0 with stderr"), kinds(0, "", PLAYBOOK + ":1:1: x\n"));
    assertEquals(List.of("exit 2 without a message"), kinds(2, "", ""));
  }
}
