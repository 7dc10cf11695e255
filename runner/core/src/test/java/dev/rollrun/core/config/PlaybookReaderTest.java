package dev.rollrun.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Phase;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.schema.SchemaCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookReaderTest {

  @TempDir Path dir;

  private final PlaybookReader reader = new PlaybookReader(SchemaCatalog.builtIn());

  private Path write(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private Playbook read(String... lines) throws IOException {
    return reader.read(write("playbook.yml", lines), "playbook.yml");
  }

  private List<String> refusal(String... lines) throws IOException {
    Path file = write("playbook.yml", lines);
    InvalidConfigException e =
        assertThrows(InvalidConfigException.class, () -> reader.read(file, "playbook.yml"));
    return e.problems().stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void onlyANameIsNeededAndEverythingElseHasTheSafeDefault() throws IOException {
    Playbook playbook = read("name: restart");

    assertEquals("restart", playbook.name());
    assertEquals("service", playbook.cluster());
    assertNull(playbook.inventory());
    assertEquals(List.of(), playbook.hosts());
    assertEquals(List.of(new BatchSize.Count(1)), playbook.rollout().ramp());
    assertEquals(Duration.ZERO, playbook.rollout().pause());
    assertNull(playbook.health());
    assertEquals(List.of(), playbook.steps(Phase.PRE_STOP));
    assertEquals(false, playbook.service().sudo());
  }

  @Test
  void rampOfCountsAndPercentagesIsReadInOrder() throws IOException {
    Playbook playbook = read("name: r", "rollout:", "  batch: [1, 2, \"25%\"]", "  pause: 1m30s");

    assertEquals(
        List.of(new BatchSize.Count(1), new BatchSize.Count(2), new BatchSize.Percent(25)),
        playbook.rollout().ramp());
    assertEquals(Duration.ofSeconds(90), playbook.rollout().pause());
  }

  @Test
  void gateLeftOutSettingsTakeTheirDefaults() throws IOException {
    GateSpec gate = read("name: r", "health:", "  all:", "    - tcp: { port: 80 }").health();

    assertEquals(GateSpec.DEFAULT_INTERVAL, gate.interval());
    assertEquals(GateSpec.DEFAULT_CONSECUTIVE, gate.consecutive());
    assertEquals(GateSpec.DEFAULT_TIMEOUT, gate.timeout());
    assertEquals(1, gate.conditions().size());
  }

  @Test
  void stepsKeepThePositionOfTheirItem() throws IOException {
    Playbook playbook =
        read("name: r", "steps:", "  pre-stop:", "    - name: drain", "      run: touch /drain");

    StepSpec.Run run = (StepSpec.Run) playbook.steps(Phase.PRE_STOP).get(0);
    assertEquals("drain", run.name());
    assertEquals(new SourcePosition("playbook.yml", 4, 7), run.position());
    assertEquals(new SourcePosition("playbook.yml", 5, 12), run.command().position());
  }

  @Test
  void includeIsResolvedRelativeToTheFileThatIncludesIt() throws IOException {
    write("common/fetch.yml", "- run: fetch", "- include: unpack.yml");
    write("common/unpack.yml", "- run: unpack");

    Playbook playbook =
        read(
            "name: r",
            "steps:",
            "  pre-stop:",
            "    - run: first",
            "    - include: common/fetch.yml",
            "    - run: last");

    List<StepSpec> steps = playbook.steps(Phase.PRE_STOP);
    assertEquals(
        List.of("first", "fetch", "unpack", "last"),
        steps.stream().map(s -> ((StepSpec.Run) s).command().source()).toList());
    assertEquals(
        new SourcePosition("common/unpack.yml", 1, 3), steps.get(2).position(), "named as written");
  }

  @Test
  void missingIncludeNamesWhereItWasLookedFor() throws IOException {
    List<String> problems =
        refusal("name: r", "steps:", "  pre-stop:", "    - include: common/drain.yml");

    assertEquals(1, problems.size());
    assertTrue(
        problems
            .get(0)
            .startsWith(
                "playbook.yml:4:16: included file \"common/drain.yml\" not found (looked for "),
        problems.get(0));
  }

  @Test
  void includeCycleIsRefusedShowingTheCycle() throws IOException {
    write("a.yml", "- include: b.yml");
    write("b.yml", "- include: a.yml");

    assertEquals(
        List.of(
            "b.yml:1:12: include cycle: a.yml -> b.yml -> a.yml; a file must not include itself,"
                + " directly or through others"),
        refusal("name: r", "steps:", "  pre-stop:", "    - include: a.yml"));
  }

  @Test
  void runInAClusterWideStepIsRefusedSuggestingLocal() throws IOException {
    assertEquals(
        List.of(
            "playbook.yml:4:7: pre-cluster steps run once for the cluster, not on a node: use"
                + " local: instead of run:"),
        refusal("name: r", "steps:", "  pre-cluster:", "    - run: curl lb/drain"));
  }

  @Test
  void everySemanticProblemIsReportedInOneGo() throws IOException {
    List<String> problems =
        refusal(
            "name: r",
            "rollout:",
            "  pause: 10s",
            "health:",
            "  interval: 30s",
            "  timeout: 10s",
            "  all:",
            "    - command: { run: check, output: \"v(1\" }",
            "steps:",
            "  post-start:",
            "    - run: a",
            "      wait: 5s");

    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.get(0).startsWith("playbook.yml:6:12: health.timeout: 10s is shorter"));
    assertTrue(problems.get(1).startsWith("playbook.yml:8:38: output \"v(1\" is not a valid"));
    assertTrue(problems.get(2).startsWith("playbook.yml:12:7: steps.post-start[0]: a step does"));
  }

  @Test
  void schemaProblemsComeBeforeAnythingIsBound() throws IOException {
    assertEquals(
        List.of(
            "playbook.yml:2:1: unknown key \"serail\" (did you mean \"rollout.batch\"? it is"
                + " what other tools call serial)"),
        refusal("name: r", "serail: 1"));
  }

  @Test
  void playbookThatIsNotAMappingSaysWhatItIs() throws IOException {
    assertEquals(
        List.of(
            "playbook.yml:1:1: a playbook is a mapping of keys (name:, inventory:, steps: ...),"
                + " found a list"),
        refusal("- name: r"));
  }

  @Test
  void numberTooLargeForItsSettingIsRefusedNotClamped() throws IOException {
    assertEquals(
        List.of(
            "playbook.yml:2:24: health.consecutive: must be at most 10000, found 1.0E308",
            "playbook.yml:3:19: rollout.batch: must be at most 1000000, found 4294967297"),
        refusal(
            "name: r",
            "health: { consecutive: 1.0e+308, all: [ { tcp: { port: 80 } } ] }",
            "rollout: { batch: 4294967297 }"));
  }

  @Test
  void blankCommandIsRefusedWhereverACommandGoes() throws IOException {
    assertEquals(
        List.of(
            "playbook.yml:2:36: health.all[0].command.run: must not be blank (a blank command does"
                + " nothing, and as a health check always passes)",
            "playbook.yml:3:31: steps.pre-stop[0].local: must not be blank (a blank command does"
                + " nothing, and as a health check always passes)"),
        refusal(
            "name: r",
            "health: { all: [ { command: { run: \"  \" } } ] }",
            "steps: { pre-stop: [ { local: \" \" } ] }"));
  }
}
