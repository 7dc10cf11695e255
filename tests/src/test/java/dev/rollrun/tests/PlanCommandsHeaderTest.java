package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A plan's header shows once how a step's command reaches the shell, and the README shows the same
 * lines a plan prints.
 */
class PlanCommandsHeaderTest {

  @Test
  void readmeShowsTheCommandsLinesAPlanPrints() throws IOException {
    CommandLineRun plan = CommandLineRun.of("plan", "playbooks/service-restart.yml");
    assertEquals(0, plan.exitCode(), plan.err());

    List<String> printed = commandsLines(plan.out().lines().toList());
    List<String> readme =
        commandsLines(Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8));
    assertEquals(3, printed.size(), plan.out());
    assertEquals(printed, readme);
  }

  /** The line starting with "commands" and the indented lines after it. */
  private static List<String> commandsLines(List<String> lines) {
    List<String> found = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("commands ") || (!found.isEmpty() && line.startsWith("           "))) {
        found.add(line);
      } else if (!found.isEmpty()) {
        break;
      }
    }
    return found;
  }
}
