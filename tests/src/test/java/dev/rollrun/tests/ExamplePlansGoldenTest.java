package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Every example playbook is a golden test: its plan, in every format, is checked in under {@code
 * tests/src/test/resources/golden/} and must come out byte for byte the same. After an intended
 * change, regenerate with {@code ./mvnw verify -Drollrun.golden.update=true} and review the diff
 * like any other change.
 */
class ExamplePlansGoldenTest {

  private static final Path PLAYBOOKS = Path.of("playbooks");
  private static final Path GOLDEN = Path.of("tests/src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("rollrun.golden.update");

  @TestFactory
  Stream<DynamicTest> everyExamplePlanMatchesItsGoldenFile() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path playbook : examplePlaybooks()) {
      String name = playbook.getFileName().toString().replaceFirst("\\.yml$", "");
      for (String[] format :
          new String[][] {{"text", "txt"}, {"markdown", "md"}, {"json", "json"}}) {
        tests.add(
            DynamicTest.dynamicTest(
                name + " as " + format[0],
                () -> {
                  CommandLineRun run =
                      CommandLineRun.of("plan", playbook.toString(), "--format", format[0]);
                  assertEquals(0, run.exitCode(), run.err());
                  Path golden = GOLDEN.resolve(name + "." + format[1]);
                  if (UPDATE) {
                    Files.createDirectories(GOLDEN);
                    Files.writeString(golden, run.out(), StandardCharsets.UTF_8);
                  }
                  assertTrue(
                      Files.exists(golden),
                      golden + " is missing: run with -Drollrun.golden.update=true");
                  assertEquals(Files.readString(golden, StandardCharsets.UTF_8), run.out());
                }));
      }
    }
    assertTrue(tests.size() >= 6, "at least two example playbooks in three formats");
    return tests.stream();
  }

  @Test
  void theSameInputsGiveByteIdenticalPlansAndDigests() throws IOException {
    for (Path playbook : examplePlaybooks()) {
      CommandLineRun first = CommandLineRun.of("plan", playbook.toString(), "--format", "json");
      CommandLineRun second = CommandLineRun.of("plan", playbook.toString(), "--format", "json");
      assertEquals(first.out(), second.out(), playbook.toString());
    }
  }

  @Test
  void everyFormatStartsWithTheSameDigest() throws IOException {
    for (Path playbook : examplePlaybooks()) {
      String text = CommandLineRun.of("plan", playbook.toString()).out();
      String digest = text.lines().findFirst().orElseThrow().split("\\s+")[1];
      assertEquals(12, digest.length(), text);
      for (String format : List.of("markdown", "json")) {
        String first =
            CommandLineRun.of("plan", playbook.toString(), "--format", format)
                .out()
                .lines()
                .findFirst()
                .orElseThrow();
        assertTrue(first.contains(digest), format + " first line " + first + " lacks " + digest);
      }
    }
  }

  @Test
  void validateAcceptsEveryExamplePlaybook() throws IOException {
    List<String> args = new ArrayList<>(List.of("validate"));
    examplePlaybooks().forEach(p -> args.add(p.toString()));
    CommandLineRun run = CommandLineRun.of(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        examplePlaybooks().size(), run.out().lines().filter(l -> l.startsWith("ok ")).count());
  }

  static List<Path> examplePlaybooks() throws IOException {
    try (Stream<Path> files = Files.list(PLAYBOOKS)) {
      return files
          .filter(p -> p.toString().endsWith(".yml"))
          .filter(p -> !p.getFileName().toString().equals("demo.yml"))
          .sorted()
          .toList();
    }
  }
}
