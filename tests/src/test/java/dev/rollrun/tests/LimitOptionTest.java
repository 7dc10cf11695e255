package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --limit} narrows a roll to some hosts or roles. An empty selection, such as {@code --limit
 * "$A,$B"} with both variables unset, must never widen it to every host: every command that takes
 * the option refuses an empty host or role name with one line and exit code 2, before it reads a
 * file or touches a host.
 */
class LimitOptionTest {

  private static final String DEMO = "playbooks/demo.yml";
  private static final String WEB = "playbooks/service-restart.yml";

  @ParameterizedTest(name = "--limit \"{0}\"")
  @ValueSource(strings = {",", "", ",,", " ", " , "})
  void emptySelectionNeverRollsEveryHost(String limit) {
    CommandLineRun run = CommandLineRun.of(DEMO, "--commit", "--yes", "--limit", limit);

    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertEquals(
        "rollrun: --limit \""
            + limit
            + "\": empty host or role name; name at least one host or role\n",
        run.err());
    assertEquals("", run.out(), "no plan is shown and no node is rolled");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"plan", "validate"})
  void emptySelectionIsRefusedByPlanAndValidate(String command) {
    CommandLineRun run = CommandLineRun.of(command, WEB, "--limit", ",");

    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertEquals(
        "rollrun: --limit \",\": empty host or role name; name at least one host or role\n",
        run.err());
    assertEquals("", run.out());
  }

  @ParameterizedTest(name = "--limit \"{0}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "demo-1,|after the last comma",
        ",demo-1|before the first comma",
        "demo-1,,demo-2|between two commas",
        "demo-1, ,demo-2|between two commas"
      })
  void emptyNameBesideRealOnesIsRefused(String limit, String where) {
    CommandLineRun run = CommandLineRun.of(DEMO, "--commit", "--yes", "--limit", limit);

    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertEquals(
        "rollrun: --limit \"" + limit + "\": empty host or role name " + where + "\n", run.err());
    assertEquals("", run.out());
  }

  @Test
  void emptyRepeatedLimitIsRefusedAlthoughAnotherNamesAHost() {
    CommandLineRun run =
        CommandLineRun.of("plan", WEB, "--limit", "web-1", "--limit", "", "--format", "json");

    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertEquals(
        "rollrun: --limit \"\": empty host or role name; name at least one host or role\n",
        run.err());
  }

  @Test
  void namesFromCommasAndRepeatedLimitsAreAllSelected() {
    CommandLineRun run =
        CommandLineRun.of("plan", WEB, "--limit", "web-1,web-3", "--limit", "web-4");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("(hosts web, limited to web-1, web-3, web-4)"), run.out());
    assertTrue(run.out().contains("3 nodes in 3 batches"), run.out());
  }
}
