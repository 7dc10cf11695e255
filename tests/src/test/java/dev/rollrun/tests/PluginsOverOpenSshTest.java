package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.core.plugin.PluginJars;
import dev.rollrun.tests.fleet.ServiceEvent;
import dev.rollrun.tests.fleet.SshdFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins and JavaScript tasks against three real OpenSSH hosts: the example {@code check-version}
 * task, compiled at test time from {@code plugins/examples/check-version} against the rollrun API
 * alone and dropped into a plugins folder, and the same task as {@code
 * playbooks/tasks/check-version.js}, each failing the node whose installed version differs; a
 * behaviour plugin's safe-to-stop verdicts in a dry run; plugins that throw or never return; and
 * scripts that try to get out of their sandbox.
 */
class PluginsOverOpenSshTest {

  @RegisterExtension static final SshdFleet fleet = SshdFleet.builder().hosts(3).build();

  @TempDir static Path plugins;

  @TempDir Path dir;

  /** The example plugin, built as a plugin author builds it (README "Write your own task"). */
  static Path exampleJar(Path into) {
    return PluginJars.plugin("check-version", "1.0.0")
        .manifest("Plugin-Provider", "example.com")
        .sourceFile(
            "com.example.rollrun.CheckVersion",
            Path.of(
                "plugins/examples/check-version/src/main/java/com/example/rollrun/CheckVersion.java"))
        .named("rollrun-check-version-1.0.0.jar")
        .writeTo(into);
  }

  @BeforeAll
  static void buildPlugins() {
    exampleJar(plugins);
    PluginJars.plugin("misbehaving", "1.0.0")
        .source(
            "com.example.Throws",
            """
            package com.example;
            import dev.rollrun.api.*;
            @org.pf4j.Extension
            public class Throws implements Task {
              public String id() { return "throws"; }
              public void run(TaskContext ctx, TaskArgs args) {
                ctx.log("about to break");
                Object version = null;
                version.toString();
              }
            }
            """)
        .source(
            "com.example.Hangs",
            """
            package com.example;
            import dev.rollrun.api.*;
            @org.pf4j.Extension
            public class Hangs implements Task {
              public String id() { return "hangs"; }
              public void run(TaskContext ctx, TaskArgs args) throws Exception {
                Thread.sleep(Long.MAX_VALUE);
              }
            }
            """)
        .source(
            "com.example.Guarded",
            """
            package com.example;
            import dev.rollrun.api.*;
            import java.util.List;
            @org.pf4j.Extension
            public class Guarded implements ClusterBehaviour {
              public String id() { return "guarded"; }
              public String defaultStopCommand() { return "~/svc stop"; }
              public String defaultStartCommand() { return "~/svc start"; }
              public boolean defaultCommandsNeedSudo() { return false; }
              public List<StopCheck> stopChecks() {
                return List.of(StopCheck.of("no maintenance flag", (ctx, settings) ->
                    ctx.run("test -e ~/maintenance").ok()
                        ? Verdict.unsafe(ctx.host().name() + " is flagged for maintenance")
                        : Verdict.safe("no flag on " + ctx.host().name())));
              }
            }
            """)
        .writeTo(plugins);
  }

  @BeforeEach
  void versions() throws IOException {
    fleet.startAllServices();
    for (int i = 1; i <= 3; i++) {
      Files.writeString(fleet.hostDir(i).resolve("pkg-version"), i == 2 ? "3.8.0\n" : "3.9.0\n");
      Files.deleteIfExists(fleet.hostDir(i).resolve("maintenance"));
    }
  }

  private Path playbook(String cluster, String preStop) throws IOException {
    Path file = dir.resolve("roll.yml");
    Files.writeString(
        file,
        """
        name: plugin roll
        cluster: %s
        inventory: %s
        service:
          name: demo
          stop: "~/svc stop"
          start: "~/svc start"
        health:
          interval: 200ms
          consecutive: 1
          timeout: 15s
          all:
            - command: { run: "~/svc status" }
        steps:
          pre-stop:
        %s
        """
            .formatted(cluster, fleet.inventory(), preStop.indent(4).stripTrailing()));
    return file;
  }

  private CommandLineRun rollrun(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--plugins", plugins.toString()));
    all.addAll(List.of("--known-hosts", fleet.knownHosts().toString()));
    if (all.contains("--commit")) {
      // Each test's runs are its own: a run a test makes fail must not hold up the next test.
      all.addAll(
          List.of("--state-dir", plugins.resolveSibling("state-" + System.nanoTime()).toString()));
    }
    return CommandLineRun.of(all.toArray(String[]::new));
  }

  private void assertRolledH1AndStoppedNothingElse(int before) {
    List<ServiceEvent> events = fleet.events().subList(before, fleet.events().size());
    assertEquals(
        List.of("h1:stop", "h1:start"),
        events.stream().map(e -> e.host() + ":" + e.action()).toList());
    assertTrue(fleet.serviceRunning(2) && fleet.serviceRunning(3));
  }

  @Test
  void theExampleTaskJarFailsTheNodeWhoseInstalledVersionDiffers() throws IOException {
    Path playbook =
        playbook(
            "service",
            """
            - task: check-version
              args: { package: kafka, package-version: 3.9.0, version-command: "cat ~/pkg-version" }
            """);
    int before = fleet.events().size();
    CommandLineRun run = rollrun(playbook.toString(), "--commit", "--yes");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("kafka 3.9.0 installed, as expected"), run.out());
    assertTrue(
        run.out()
            .contains("h2: step pre-stop task failed: kafka 3.8.0 is installed, expected 3.9.0"),
        run.out());
    assertRolledH1AndStoppedNothingElse(before);
  }

  @Test
  void theJavaScriptTaskDoesTheSame() throws IOException {
    Files.createDirectories(dir.resolve("tasks"));
    Files.copy(Path.of("playbooks/tasks/check-version.js"), dir.resolve("tasks/check-version.js"));
    Path playbook =
        playbook(
            "service",
            """
            - js: tasks/check-version.js
              args: { package: kafka, package-version: 3.9.0, version-command: "cat ~/pkg-version" }
            """);
    int before = fleet.events().size();
    CommandLineRun run = rollrun(playbook.toString(), "--commit", "--yes");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("kafka 3.9.0 installed, as expected"), run.out());
    assertTrue(
        run.out()
            .contains(
                "h2: step pre-stop js failed: "
                    + dir.resolve("tasks/check-version.js")
                    + ":23:5: kafka 3.8.0 is installed, expected 3.9.0"),
        run.out());
    assertRolledH1AndStoppedNothingElse(before);
  }

  @Test
  void pluginsListsTheExampleWithItsTaskAndFile() {
    CommandLineRun run = CommandLineRun.of("plugins", "--plugins", plugins.toString());
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("check-version  1.0.0  started"), run.out());
    assertTrue(
        run.out().contains(plugins.resolve("rollrun-check-version-1.0.0.jar") + " (--plugins)"),
        run.out());
    assertTrue(
        run.out()
            .contains(
                "task        check-version: fails the node when the installed package version"),
        run.out());
    assertTrue(run.out().contains("service  0.1.0-SNAPSHOT  started"), run.out());
    assertTrue(run.out().contains("behaviours  guarded"), run.out());
  }

  @Test
  void aTaskThatThrowsFailsItsNodeNamingTheTaskTheExceptionAndTheJar() throws IOException {
    int before = fleet.events().size();
    Path playbook = playbook("service", "- task: throws");
    CommandLineRun run = rollrun(playbook.toString(), "--commit", "--yes");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("about to break"), "its output streams: " + run.out());
    assertTrue(
        run.out()
            .contains(
                "h1: step pre-stop task failed: task throws threw"
                    + " java.lang.NullPointerException"),
        run.out());
    assertTrue(run.out().contains("misbehaving-1.0.0.jar"), run.out());
    assertEquals(before, fleet.events().size(), "nothing stopped");
  }

  @Test
  void aTaskThatNeverReturnsFailsItsNodeAtTheStepsTimeout() throws IOException {
    int before = fleet.events().size();
    Path playbook = playbook("service", "- task: hangs\n  timeout: 1s");
    CommandLineRun run = rollrun(playbook.toString(), "--commit", "--yes");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.out().contains("task hangs did not return within 1s and was interrupted"), run.out());
    assertEquals(before, fleet.events().size(), "nothing stopped");
  }

  @Test
  void aDryRunShowsEverySafeToStopVerdictWithItsReason() throws IOException {
    Files.writeString(fleet.hostDir(3).resolve("maintenance"), "");
    Path playbook = playbook("guarded", "- run: \"true\"");
    int before = fleet.events().size();
    CommandLineRun run = rollrun(playbook.toString());
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.out().contains("h1  safe to stop? (no maintenance flag): yes, no flag on h1"),
        run.out());
    assertTrue(
        run.out()
            .contains("h3  safe to stop? (no maintenance flag): no, h3 is flagged for maintenance"),
        run.out());
    assertTrue(
        run.out()
            .contains("h3: not safe to stop (no maintenance flag): h3 is flagged for maintenance"),
        run.out());
    assertEquals(before, fleet.events().size(), "a dry run changes nothing");
  }

  @Test
  void aRollStopsAtTheNodeThatIsNotSafeToStop() throws IOException {
    Files.writeString(fleet.hostDir(2).resolve("maintenance"), "");
    Path playbook = playbook("guarded", "- run: \"true\"");
    int before = fleet.events().size();
    CommandLineRun run = rollrun(playbook.toString(), "--commit", "--yes");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.out()
            .contains(
                "h2: step pre-stop safe-to-stop [no maintenance flag] failed: not safe to stop"
                    + " (no maintenance flag): h2 is flagged for maintenance"),
        run.out());
    assertRolledH1AndStoppedNothingElse(before);
  }

  /**
   * Each escape attempt fails with the script's file and line, on a real node, and reads nothing.
   */
  @Test
  void scriptsCannotReadFilesStartProcessesReadTheEnvironmentOrLoadJavaClasses()
      throws IOException {
    String[][] attempts = {
      {
        "files.js",
        "const Files = Java.type('java.nio.file.Files');\n  ctx.log(Files.readString(Java.type('java.nio.file.Path').of('/etc/passwd')));"
      },
      {
        "process.js", "const pb = Java.type('java.lang.ProcessBuilder');\n  new pb(['id']).start();"
      },
      {"env.js", "ctx.log(process.env.PATH);"},
      {"class.js", "ctx.log(ctx.getClass().getClassLoader());"},
    };
    Files.createDirectories(dir.resolve("tasks"));
    for (String[] attempt : attempts) {
      Files.writeString(
          dir.resolve("tasks").resolve(attempt[0]),
          "export function run(ctx, args) {\n  " + attempt[1] + "\n}\n");
      int before = fleet.events().size();
      Path playbook = playbook("service", "- js: tasks/" + attempt[0]);
      CommandLineRun run = rollrun(playbook.toString(), "--commit", "--yes");
      String all = run.out() + run.err();
      assertEquals(3, run.exitCode(), attempt[0] + ": " + all);
      assertTrue(
          run.out()
              .contains(
                  "h1: step pre-stop js failed: " + dir.resolve("tasks/" + attempt[0]) + ":2:"),
          attempt[0] + ": " + all);
      assertFalse(all.contains("root:x:0:0"), attempt[0] + " read /etc/passwd: " + all);
      assertFalse(all.contains("uid="), attempt[0] + " ran a process: " + all);
      assertFalse(all.contains("/usr/bin"), attempt[0] + " read PATH: " + all);
      assertEquals(before, fleet.events().size(), attempt[0] + ": nothing stopped");
    }
  }
}
