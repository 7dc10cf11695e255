package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The plans a pull request shows, at 10 and at 500 hosts: one playbook ({@code
 * tests/src/test/resources/review/fleet-release.yml}) over two inventories, its text and Markdown
 * plans checked in under {@code tests/src/test/resources/golden/} and compared byte for byte. The
 * nodes are grouped, so the 500-host plan is as long as the 10-host one; the JSON plan keeps every
 * node. After an intended change, regenerate with {@code ./mvnw verify -pl tests -am
 * -Dtest=ReviewPlansGoldenTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Drollrun.golden.update=true} and review the diff like any other change.
 */
class ReviewPlansGoldenTest {

  private static final Path REVIEW = Path.of("tests/src/test/resources/review");
  private static final Path PLAYBOOK = REVIEW.resolve("fleet-release.yml");
  private static final Path GOLDEN = Path.of("tests/src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("rollrun.golden.update");

  @TestFactory
  Stream<DynamicTest> theTenAndFiveHundredHostPlansMatchTheirGoldenFiles() {
    List<DynamicTest> tests = new ArrayList<>();
    for (int hosts : new int[] {10, 500}) {
      List<String[]> formats = new ArrayList<>();
      formats.add(new String[] {"text", "txt"});
      formats.add(new String[] {"markdown", "md"});
      if (hosts == 10) {
        formats.add(new String[] {"json", "json"});
      }
      for (String[] format : formats) {
        tests.add(
            DynamicTest.dynamicTest(
                hosts + " hosts as " + format[0],
                () -> {
                  CommandLineRun run = plan(hosts, "--format", format[0]);
                  assertEquals(0, run.exitCode(), run.err());
                  Path golden = GOLDEN.resolve("fleet-release-" + hosts + "." + format[1]);
                  if (UPDATE) {
                    Files.writeString(golden, run.out(), StandardCharsets.UTF_8);
                  }
                  assertTrue(
                      Files.exists(golden),
                      golden + " is missing: run with -Drollrun.golden.update=true");
                  assertEquals(Files.readString(golden, StandardCharsets.UTF_8), run.out());
                }));
      }
    }
    return tests.stream();
  }

  @Test
  void theReadmeShowsTheFiveHundredHostPlanAsItIsGenerated() throws IOException {
    String golden =
        Files.readString(GOLDEN.resolve("fleet-release-500.md"), StandardCharsets.UTF_8);
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    assertTrue(
        readme.contains("````markdown\n" + golden + "````\n"),
        "README.md's grouped plan is fleet-release-500.md, copied as it is");
  }

  @Test
  void fiveHundredHostsReadInAsFewLinesAsTen() {
    long ten = plan(10, "--format", "markdown").out().lines().count();
    long fiveHundred = plan(500, "--format", "markdown").out().lines().count();
    assertTrue(fiveHundred <= 60, fiveHundred + " lines for 500 hosts");
    assertTrue(Math.abs(fiveHundred - ten) <= 2, ten + " lines for 10 hosts, " + fiveHundred);
  }

  @Test
  void theJsonPlanKeepsEveryNode() throws IOException {
    JsonNode plan = new ObjectMapper().readTree(plan(500, "--format", "json").out());
    int nodes = 0;
    for (JsonNode batch : plan.get("batches")) {
      nodes += batch.get("nodes").size();
    }
    assertEquals(500, nodes);
    assertEquals(500, plan.get("nodes").asInt());
  }

  private static CommandLineRun plan(int hosts, String... more) {
    List<String> args = new ArrayList<>(List.of("plan", PLAYBOOK.toString()));
    if (hosts != 10) {
      args.addAll(List.of("--inventory", REVIEW.resolve("fleet-" + hosts + ".yml").toString()));
    }
    args.addAll(List.of(more));
    return CommandLineRun.of(args.toArray(String[]::new));
  }
}
