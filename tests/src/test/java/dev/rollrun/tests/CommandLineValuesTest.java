package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Command-line values the broken-input corpus cannot hold in its {@code args} files (a NUL, a lone
 * surrogate, a newline inside one argument): each is refused with exit 2 and one line that names
 * the option or file, the value's unprintable characters escaped.
 */
class CommandLineValuesTest {

  private static final String PLAYBOOK = "playbooks/service-restart.yml";

  @Test
  void playbookNameHoldingANulIsRefusedNamingTheParameter() {
    CommandLineRun run = CommandLineRun.of("validate", "play\0book.yml");
    assertEquals(2, run.exitCode());
    assertEquals(
        "rollrun: invalid value for positional parameter at index 0..* (PLAYBOOK): the file name"
            + " holds a NUL character, which no file name can\n"
            + "Try 'rollrun validate --help' for usage.\n",
        run.err());
  }

  @Test
  void inventoryNameHoldingALoneSurrogateIsRefusedNamingTheOption() {
    CommandLineRun run = CommandLineRun.of("validate", PLAYBOOK, "-i", "hosts\uD800.ini");
    assertEquals(2, run.exitCode());
    assertEquals(
        "rollrun: invalid value for option '--inventory': the file name holds a lone UTF-16"
            + " surrogate (\\uD800), which no file name can\n"
            + "Try 'rollrun validate --help' for usage.\n",
        run.err());
  }

  @Test
  void secretsFileNameHoldingANulIsRefusedNamingTheOption() {
    CommandLineRun run = CommandLineRun.of("validate", PLAYBOOK, "-e", "@secrets\0.yml");
    assertEquals(2, run.exitCode());
    assertEquals(
        "rollrun: -e @secrets\\u0000.yml: the file name holds a NUL character, which no file name"
            + " can\n",
        run.err());
  }

  @Test
  void aNewlineInAnArgumentCannotForgeALine() {
    CommandLineRun run =
        CommandLineRun.of("validate", PLAYBOOK, "--limit", "web\nrollrun: 0 problems\u001b[2J");
    assertEquals(2, run.exitCode());
    // The newline and spaces separate patterns; the escape is shown, never sent to the terminal.
    String roles = " (roles: api, canary, eu-central, eu-west, web)";
    assertEquals(
        "rollrun: --limit: no host or role named \"rollrun\""
            + roles
            + ", \"0\""
            + roles
            + ", \"problems\\u001B\""
            + roles
            + ", \"2J\""
            + roles
            + " in inventory/web.yml\n",
        run.err());
  }

  @Test
  void aMissingPlaybookIsNamedWithItsControlCharactersEscaped() {
    CommandLineRun run = CommandLineRun.of("validate", "x\nrollrun: 0 problems.yml");
    assertEquals(2, run.exitCode());
    assertEquals("x\\nrollrun: 0 problems.yml: no such playbook file\n", run.err());
  }

  @Test
  void aLimitOfThousandsOfCharactersIsAnUnknownNameNotAStackOverflow() {
    String name = "x".repeat(20_000);
    String colons = ":".repeat(20_000);
    CommandLineRun run = CommandLineRun.of("validate", PLAYBOOK, "--limit", name + "[1]" + colons);
    assertEquals(2, run.exitCode(), run.err());
    String err = run.err();
    // One line, the long name shortened in the middle.
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.startsWith("rollrun: --limit: no host or role named \"xxxxx"), err);
    assertTrue(err.contains(" characters left out)"), err);
    assertTrue(
        err.endsWith(
            "xxxxx[1]\" in inventory/web.yml (roles: api, canary, eu-central, eu-west, web)\n"),
        err);
  }
}
