package dev.rollrun.core.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.SourcePosition;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Ansible's files are read as PyYAML reads YAML 1.1; rollrun's own stay YAML 1.2. */
class Yaml11ReadingTest {

  private static JsonNode ansible(String... lines) {
    return parse(YamlVersion.YAML_1_1, lines).root();
  }

  private static YamlDocument parse(YamlVersion version, String... lines) {
    return new YamlDocumentReader("inventory", version)
        .parse(Path.of("i.yml"), "i.yml", String.join("\n", lines) + "\n");
  }

  @Test
  void yesNoOnOffAreBooleansInYaml11AndTextInYaml12() {
    String[] doc = {"a: yes", "b: No", "c: on", "d: OFF", "e: y", "f: 'yes'"};
    JsonNode old = ansible(doc);
    JsonNode core = parse(YamlVersion.YAML_1_2, doc).root();

    assertEquals(true, old.get("a").booleanValue());
    assertEquals(false, old.get("b").booleanValue());
    assertEquals(true, old.get("c").booleanValue());
    assertEquals(false, old.get("d").booleanValue());
    assertEquals("y", old.get("e").textValue());
    assertEquals("yes", old.get("f").textValue());
    assertEquals("yes", core.get("a").textValue());
  }

  @Test
  void leadingZeroIsOctalUnderscoresAreDroppedAndColonsAreSexagesimal() {
    JsonNode root = ansible("mode: 0755", "big: 1_000", "time: 1:30", "bin: 0b101", "hex: 0x1F");

    assertEquals(493, root.get("mode").intValue());
    assertEquals(1000, root.get("big").intValue());
    assertEquals(90, root.get("time").intValue());
    assertEquals(5, root.get("bin").intValue());
    assertEquals(31, root.get("hex").intValue());
    assertEquals(755, parse(YamlVersion.YAML_1_2, "mode: 0755").root().get("mode").intValue());
  }

  @Test
  void floatsFollowYaml11WhereAnExponentNeedsItsSign() {
    JsonNode root = ansible("a: 1.5", "b: 1e3", "c: 1.0e+3", "d: .5", "e: 08", "f: ~");

    assertEquals(1.5, root.get("a").doubleValue());
    assertEquals("1e3", root.get("b").textValue());
    assertEquals(1000.0, root.get("c").doubleValue());
    assertEquals(0.5, root.get("d").doubleValue());
    assertEquals("08", root.get("e").textValue());
    assertTrue(root.get("f").isNull());
  }

  @Test
  void mergeKeyMergesTheAnchoredMappingAndOwnKeysWin() {
    YamlDocument doc =
        parse(
            YamlVersion.YAML_1_1,
            "base: &base",
            "  user: deploy",
            "  port: 22",
            "web:",
            "  <<: *base",
            "  port: 2222");

    JsonNode web = doc.root().get("web");
    assertEquals("deploy", web.get("user").textValue());
    assertEquals(2222, web.get("port").intValue());
    assertEquals(2, web.size());
    assertEquals(new SourcePosition("i.yml", 2, 9), doc.valuePosition("/web/user"));
  }

  @Test
  void mergeOfAListLetsTheFirstMappingWin() {
    JsonNode root = ansible("a: &a {x: 1}", "b: &b {x: 2, y: 2}", "c:", "  <<: [*a, *b]", "  z: 3");

    JsonNode c = root.get("c");
    assertEquals(1, c.get("x").intValue());
    assertEquals(2, c.get("y").intValue());
    assertEquals(3, c.get("z").intValue());
  }

  @Test
  void mergeOfSomethingElseThanAMappingIsRefused() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> parse(YamlVersion.YAML_1_1, "a: &a text", "b:", "  <<: *a"));
    assertTrue(e.getMessage().contains("a merge key << takes a mapping"), e.getMessage());
  }

  @Test
  void localTagsAreKeptForTheReaderToJudge() {
    YamlDocument doc =
        parse(YamlVersion.YAML_1_1, "secret: !vault |", "  $ANSIBLE_VAULT;1.1;AES256", "  6162");

    assertEquals(Optional.of("!vault"), doc.localTag("/secret"));
    assertEquals(Optional.empty(), doc.localTag(""));
  }
}
