package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.cli.Rollrun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every case of the broken-input corpus ({@code tests/src/test/resources/broken/}, see its
 * README) through the command line in-process and holds rollrun to what an operator is promised for
 * bad input: exit code 2, the exact message in the case's {@code expected}, never a stack trace,
 * and a message about a file that starts with that file's {@code file:line:column}.
 *
 * <p>Run with {@code -Drollrun.corpus.update=true} to write the current messages into the {@code
 * expected} files after changing one on purpose; review the diff before committing it.
 */
class BrokenInputCorpusTest {

  /** The corpus, as paths are written in messages: relative to the repository root. */
  static final String CORPUS = "tests/src/test/resources/broken";

  /** Where cases too large or too binary to check in are written before they run. */
  static final String GENERATED = "tests/target/broken-generated";

  private static final Set<String> SUBCOMMANDS = Set.of("validate", "plan");
  private static final Set<String> PATH_OPTIONS = Set.of("-i", "--inventory");
  private static final Set<String> VALUE_OPTIONS =
      Set.of("-i", "--inventory", "-e", "--extra-vars", "--limit", "--format");
  private static final Pattern FILE_LINE_COLUMN = Pattern.compile("^([^:\\s]+):(\\d+):(\\d+): ");
  private static final Pattern WHOLE_FILE = Pattern.compile("^([^:\\s]+): ");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(Path.of(CORPUS))) {
      return dirs
          .filter(Files::isDirectory)
          .map(dir -> dir.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  /** What one run of the command line printed. */
  record Outcome(int exitCode, String stdout, String stderr) {}

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void brokenInputGetsOneClearMessageAndExitCode2(String name) throws IOException {
    Path caseDir = Path.of(CORPUS, name);
    String dir = prepare(name);
    List<String> args = arguments(caseDir, dir);
    Outcome outcome = run(args);

    Path expectedFile = caseDir.resolve("expected");
    if (Boolean.getBoolean("rollrun.corpus.update")) {
      Files.writeString(expectedFile, outcome.stderr(), StandardCharsets.UTF_8);
    }
    String expected = Files.readString(expectedFile, StandardCharsets.UTF_8);

    assertEquals(2, outcome.exitCode(), () -> "exit code; stderr was:\n" + outcome.stderr());
    assertEquals(expected, outcome.stderr(), "stderr");
    assertFalse(outcome.stderr().contains("Exception"), "no exception name in stderr");
    assertFalse(outcome.stderr().contains("\tat "), "no stack trace in stderr");
    if (args.get(0).equals("plan")) {
      assertEquals("", outcome.stdout(), "plan prints nothing on stdout when it fails");
    } else {
      // validate reports each good playbook on stdout, and nothing else.
      outcome.stdout().lines().forEach(line -> assertTrue(line.startsWith("ok  "), line));
    }
    assertStartsWithFileLineColumn(outcome.stderr(), dir);
  }

  /**
   * A message about a file starts with that file (inside the case), then its line and column when
   * the file exists: an editor or terminal can jump there. Messages about the command line start
   * with "rollrun: ".
   */
  private static void assertStartsWithFileLineColumn(String stderr, String dir) {
    String first = stderr.lines().findFirst().orElse("");
    if (first.startsWith("rollrun: ")) {
      return;
    }
    Matcher at = FILE_LINE_COLUMN.matcher(first);
    if (at.find()) {
      assertTrue(at.group(1).startsWith(dir + "/"), "names a file of the case: " + first);
      assertTrue(Files.isRegularFile(Path.of(at.group(1))), "names an existing file: " + first);
      assertTrue(Integer.parseInt(at.group(2)) >= 1, "line is 1-based: " + first);
      assertTrue(Integer.parseInt(at.group(3)) >= 1, "column is 1-based: " + first);
      return;
    }
    Matcher whole = WHOLE_FILE.matcher(first);
    assertTrue(whole.find(), "starts with file:line:column or \"rollrun: \": " + first);
    Path file = Path.of(whole.group(1));
    assertTrue(
        whole.group(1).startsWith(dir + "/") || file.isAbsolute(),
        "names a file of the case, or one the case names by its absolute path: " + first);
    assertFalse(
        Files.isRegularFile(file),
        "a message about an existing file names its line and column: " + first);
  }

  @Test
  void corpusCoversAtLeast45Cases() throws IOException {
    assertTrue(cases().count() >= 45, "cases: " + cases().count());
  }

  @Test
  void everyCaseHasArgsAndExpected() throws IOException {
    for (String name : cases().toList()) {
      Path caseDir = Path.of(CORPUS, name);
      assertTrue(Files.isRegularFile(caseDir.resolve("args")), name + "/args");
      assertTrue(Files.isRegularFile(caseDir.resolve("expected")), name + "/expected");
    }
  }

  @Test
  void billionLaughsIsRefusedAsAnAliasBomb() throws IOException {
    String name = "yaml-alias-bomb";
    Outcome outcome = run(arguments(Path.of(CORPUS, name), prepare(name)));

    assertEquals(2, outcome.exitCode());
    assertTrue(outcome.stderr().contains("alias"), outcome.stderr());
    assertEquals(1, outcome.stderr().lines().count(), outcome.stderr());
  }

  static Outcome run(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err)) {
      code = Rollrun.execute(args.toArray(String[]::new), o, e);
    }
    return new Outcome(code, out.toString(), err.toString());
  }

  /**
   * The directory the case runs in: the case itself, or for a case with a {@code generate} file, a
   * copy under {@link #GENERATED} with the generated input written into it.
   */
  static String prepare(String name) throws IOException {
    Path caseDir = Path.of(CORPUS, name);
    Path generate = caseDir.resolve("generate");
    if (!Files.exists(generate)) {
      return CORPUS + "/" + name;
    }
    Path target = Path.of(GENERATED, name);
    deleteRecursively(target);
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(caseDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, target.resolve(file.getFileName()));
      }
    }
    for (String line : Files.readAllLines(generate, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fileAndKind = line.strip().split("\\s+");
      GeneratedInput.write(target.resolve(fileAndKind[0]), fileAndKind[1]);
    }
    return GENERATED + "/" + name;
  }

  /**
   * The case's {@code args}, one per line, with file arguments made relative to the repository
   * root: positional arguments, {@code --inventory FILE} and {@code -e @FILE}.
   */
  static List<String> arguments(Path caseDir, String dir) throws IOException {
    List<String> lines =
        Files.readAllLines(caseDir.resolve("args"), StandardCharsets.UTF_8).stream()
            .filter(line -> !line.isEmpty())
            .toList();
    List<String> args = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String arg = lines.get(i);
      if (i == 0 && SUBCOMMANDS.contains(arg)) {
        args.add(arg);
      } else if (arg.startsWith("-") && arg.contains("=")) {
        String option = arg.substring(0, arg.indexOf('='));
        args.add(option + "=" + value(option, arg.substring(arg.indexOf('=') + 1), dir));
      } else if (arg.startsWith("-")) {
        args.add(arg);
        if (VALUE_OPTIONS.contains(arg) && i + 1 < lines.size()) {
          args.add(value(arg, lines.get(++i), dir));
        }
      } else {
        args.add(arg.startsWith("/") ? arg : dir + "/" + arg);
      }
    }
    return args;
  }

  private static String value(String option, String value, String dir) {
    if (PATH_OPTIONS.contains(option) && !value.startsWith("/")) {
      return dir + "/" + value;
    }
    if ((option.equals("-e") || option.equals("--extra-vars"))
        && value.startsWith("@")
        && value.length() > 1
        && !value.startsWith("@/")) {
      return "@" + dir + "/" + value.substring(1);
    }
    return value;
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
