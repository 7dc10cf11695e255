package dev.rollrun.core.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.SourcePosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlDocumentReaderTest {

  private final YamlDocumentReader reader = new YamlDocumentReader("playbook");

  private YamlDocument parse(String... lines) {
    return reader.parse(Path.of("p.yml"), "p.yml", String.join("\n", lines) + "\n");
  }

  /** The problems the text is refused with, as printed. */
  private List<String> refusal(String... lines) {
    InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> parse(lines));
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  private static SourcePosition at(int line, int column) {
    return new SourcePosition("p.yml", line, column);
  }

  @Test
  void valuePositionIsTheOneBasedLineAndColumnWhereTheValueStarts() {
    YamlDocument doc = parse("name: web", "rollout:", "  batch: 2", "  pause: 10s");

    assertEquals(at(1, 7), doc.valuePosition("/name"));
    assertEquals(at(3, 10), doc.valuePosition("/rollout/batch"));
    assertEquals(at(4, 10), doc.valuePosition("/rollout/pause"));
  }

  @Test
  void keyPositionIsWhereTheKeyIsWritten() {
    YamlDocument doc = parse("name: web", "rollout:", "  batch: 2");

    assertEquals(at(2, 1), doc.keyPosition("/rollout"));
    assertEquals(at(3, 3), doc.keyPosition("/rollout/batch"));
  }

  @Test
  void listItemsHavePositionsAndTheirKeyPositionIsTheItem() {
    YamlDocument doc = parse("steps:", "  pre-stop:", "    - run: a", "    - wait: 5s");

    assertEquals(at(3, 7), doc.valuePosition("/steps/pre-stop/0"));
    assertEquals(at(4, 7), doc.keyPosition("/steps/pre-stop/1"));
    assertEquals(at(4, 13), doc.valuePosition("/steps/pre-stop/1/wait"));
  }

  @Test
  void absentValueIsPlacedAtTheNearestEnclosingValue() {
    YamlDocument doc = parse("name: web", "rollout:", "  batch: 2");

    assertEquals(at(3, 3), doc.valuePosition("/rollout/pause"));
    assertEquals(at(1, 1), doc.valuePosition("/health/interval"));
  }

  @Test
  void literalBlockIsPlacedAtItsFirstLineOfText() {
    YamlDocument doc =
        parse("steps:", "  pre-stop:", "    - run: |", "        echo one", "        echo two");

    assertEquals(at(4, 9), doc.valuePosition("/steps/pre-stop/0/run"));
    assertEquals("echo one\necho two\n", doc.root().at("/steps/pre-stop/0/run").asText());
  }

  @Test
  void scalarsKeepTheirYamlTypes() {
    JsonNode root =
        parse(
                "port: 22",
                "sudo: true",
                "ratio: 1.5",
                "version: \"1.10\"",
                "nothing: ~",
                "big: 5000000000")
            .root();

    assertTrue(root.get("port").isInt());
    assertTrue(root.get("sudo").isBoolean());
    assertTrue(root.get("ratio").isDouble());
    assertEquals("1.10", root.get("version").textValue());
    assertTrue(root.get("nothing").isNull());
    assertEquals(5_000_000_000L, root.get("big").longValue());
  }

  @Test
  void duplicateKeyIsRefusedNamingWhereTheFirstOneIs() {
    assertEquals(
        List.of(
            "p.yml:4:3: duplicate key \"batch\": already set at line 2, column 3; keep one of them"),
        refusal("rollout:", "  batch: 1", "  pause: 10s", "  batch: 2"));
  }

  @Test
  void theSameKeyInTwoMappingsIsNoDuplicate() {
    YamlDocument doc = parse("a:", "  name: x", "b:", "  name: y");

    assertEquals("y", doc.root().at("/b/name").asText());
  }

  @Test
  void aliasRepeatsTheAnchoredValue() {
    YamlDocument doc = parse("base: &base [a, b]", "copy: *base");

    assertEquals(doc.root().get("base"), doc.root().get("copy"));
  }

  @Test
  void recursiveAliasIsRefusedAtTheAnchoredValue() {
    assertEquals(
        List.of("p.yml:1:7: a recursive alias: this value contains itself, so it would never end"),
        refusal("loop: &loop", "  self: *loop"));
  }

  @Test
  void billionLaughsIsRefusedAtTheSmallestValueThatExpandsTooFar() {
    String[] lines = new String[10];
    lines[0] = "l0: &l0 lol";
    for (int i = 1; i < 10; i++) {
      lines[i] =
          "l" + i + ": &l" + i + " [" + String.join(", ", List.of(repeat("*l" + (i - 1)))) + "]";
    }

    List<String> problems = refusal(lines);

    assertEquals(1, problems.size());
    // l7 holds 9^7 strings: the first value that alone is too many.
    assertTrue(
        problems.get(0).startsWith("p.yml:8:5: aliases make this value expand to"),
        problems.get(0));
    assertTrue(problems.get(0).endsWith("refusing what looks like an alias bomb"), problems.get(0));
  }

  private static String[] repeat(String alias) {
    String[] nine = new String[9];
    java.util.Arrays.fill(nine, alias);
    return nine;
  }

  @Test
  void moreThanAHundredAliasesToCollectionsAreRefusedAtTheOneTooMany() {
    String aliases = String.join(", ", java.util.Collections.nCopies(101, "*l"));

    assertEquals(
        List.of(
            "p.yml:2:"
                + (10 + 4 * 100)
                + ": more than 100 aliases to lists or mappings; refusing what looks like an alias"
                + " bomb"),
        refusal("l: &l [a]", "copies: [" + aliases + "]"));
  }

  @Test
  void nestingDeeperThan64IsRefusedBeforeItCanOverflowTheStack() {
    // The top-level mapping is the first level, so the 64th [ is one too many.
    String deep = "[".repeat(1000) + "]".repeat(1000);

    assertEquals(
        List.of(
            "p.yml:1:67: lists and mappings nest more than 64 levels deep here; rollrun refuses such a file"),
        refusal("v: " + deep));
  }

  @Test
  void unclosedQuoteIsReportedWhereItOpens() {
    assertEquals(
        List.of(
            "p.yml:1:7: YAML syntax error: the \" opened here is never closed (the file ends first)"),
        refusal("name: \"web", "inventory: x.yml"));
  }

  @Test
  void unclosedBracketIsReportedWhereItOpens() {
    assertEquals(
        List.of(
            "p.yml:1:8: YAML syntax error: the [ opened here is not closed: line 2:5 has \":\""
                + " where , or ] was expected"),
        refusal("hosts: [web, db", "name: x"));
  }

  @Test
  void tabIndentationIsNamed() {
    assertEquals(
        List.of("p.yml:2:1: YAML syntax error: a tab character; YAML indents with spaces only"),
        refusal("service:", "\tname: x"));
  }

  @Test
  void emptyAndCommentOnlyFilesAreToldApart() {
    assertEquals(List.of("p.yml:1:1: the playbook is empty"), refusal(""));
    assertEquals(
        List.of("p.yml:1:1: the playbook holds only comments; it has no keys"),
        refusal("# name: web", "# inventory: x"));
  }

  @Test
  void secondDocumentIsRefusedWhereItStarts() {
    assertEquals(
        List.of(
            "p.yml:3:1: a second YAML document starts here; a playbook is one document (remove the"
                + " --- line or split the file)"),
        refusal("name: a", "---", "name: b"));
  }

  @Test
  void binaryFileIsRefusedAtItsFirstNulByte(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("p.yml");
    Files.write(file, new byte[] {'n', 'a', 'm', 'e', ':', 0, 1, 2});

    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> reader.read(file, "p.yml"));

    assertEquals(
        "p.yml:1:6: binary data (a NUL byte at offset 5); a playbook is a text file",
        e.problems().get(0).toString());
  }

  @Test
  void emojiWhereTheReadersBufferEndsIsReadLikeAnyOther() {
    // Surrogate pairs at the 1,024th character split across two windows of snakeyaml's reader.
    for (int pad = 1010; pad < 1030; pad++) {
      String name = "x".repeat(pad) + "\uD83E\uDDE8 y";
      assertEquals(name, parse("name: \"" + name + "\"").root().path("name").asText());
    }
  }

  @Test
  void escapeCutShortByTheEndOfTheFileIsASyntaxErrorNotACrash() {
    for (String cut : List.of("\\u", "\\x", "\\U", "\\UFFFFFFFF\"")) {
      InvalidConfigException e =
          assertThrows(
              InvalidConfigException.class,
              () -> reader.parse(Path.of("p.yml"), "p.yml", "name: web\ninventory: \"x" + cut));
      assertEquals(
          "p.yml:2:10: YAML syntax error after this point: an escape (\\x, \\u or \\U) in a"
              + " double-quoted value is cut short or too large; write a backslash as \\\\ or"
              + " use single quotes",
          e.getMessage(),
          cut);
    }
  }

  @Test
  void missingFileHasNoLineAndColumn(@TempDir Path dir) {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class, () -> reader.read(dir.resolve("nope.yml"), "nope.yml"));

    assertEquals("nope.yml: no such playbook file", e.problems().get(0).toString());
  }
}
