package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.core.plugin.PluginJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code validate}, {@code plan}, {@code plugins} and {@code schema} say about plugin keys,
 * task ids, scripts and broken plugins: every problem at its file:line:column with a suggestion,
 * every broken plugin named with why, exit 4 only for a run that needs one.
 */
class PluginValidationTest {

  @TempDir Path dir;

  private Path plugins;

  @BeforeEach
  void examplePlugin() {
    plugins = dir.resolve("plugins");
    PluginsOverOpenSshTest.exampleJar(plugins);
  }

  private Path playbook(String steps) throws IOException {
    Path file = dir.resolve("p.yml");
    Files.writeString(
        file,
        """
        name: check
        inventory: ../../inventory/web.yml
        service: { name: app }
        steps:
          pre-stop:
        %s
        """
            .formatted(steps.indent(4).stripTrailing()));
    Files.createDirectories(dir.resolve("../../inventory"));
    Files.copy(
        Path.of("inventory/web.yml"),
        dir.resolve("../../inventory/web.yml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  private CommandLineRun rollrun(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--plugins";
    all[args.length + 1] = plugins.toString();
    return CommandLineRun.of(all);
  }

  @Test
  void aMistypedArgumentIsNamedAtItsPosition() throws IOException {
    Path playbook =
        playbook(
            """
            - task: check-version
              args: { package-versoin: 3.9.0 }
            """);
    CommandLineRun run = rollrun("validate", playbook.toString());
    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertEquals(
        java.util.List.of(
            playbook
                + ":7:7: steps.pre-stop[0].args: missing required key \"package-version\" (the"
                + " version the node must have installed)",
            playbook
                + ":7:15: unknown key \"package-versoin\" in steps.pre-stop[0].args (did you mean"
                + " \"package-version\"?)",
            "rollrun: 2 problems; nothing was changed"),
        run.err().lines().toList());

    Path another =
        playbook(
            """
            - task: check-version
              args: { package-version: 3.9.0, pakage: kafka }
            """);
    run = rollrun("validate", another.toString());
    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertEquals(
        another
            + ":7:39: unknown key \"pakage\" in steps.pre-stop[0].args (did you mean"
            + " \"package\"?)\n",
        run.err());
  }

  @Test
  void anUnknownTaskIsNamedWithTheClosestOne() throws IOException {
    Path playbook = playbook("- task: check-versoin\n  args: { package-version: 1.0 }");
    CommandLineRun run = rollrun("validate", playbook.toString());
    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertEquals(
        playbook
            + ":6:13: unknown task \"check-versoin\" (did you mean \"check-version\"?); available:"
            + " check-version\n",
        run.err());
  }

  @Test
  void aScriptWithASyntaxErrorIsReportedByValidateAtItsLine() throws IOException {
    Files.createDirectories(dir.resolve("tasks"));
    Files.writeString(dir.resolve("tasks/bad.js"), "export function run(ctx, args) {\n  if (\n}\n");
    Path playbook = playbook("- js: tasks/bad.js");
    CommandLineRun run = rollrun("validate", playbook.toString());
    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.err().startsWith(dir.resolve("tasks/bad.js") + ":3:1: syntax error:"), run.err());
  }

  @Test
  void theRunWithoutTheBrokenPluginGoesOnAndSaysItWasSkipped() throws IOException {
    PluginJars.plainJar("not-a-plugin.jar").writeTo(plugins);
    Path playbook = playbook("- task: check-version\n  args: { package-version: \"1.0\" }");
    CommandLineRun run = rollrun("validate", playbook.toString());
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.err()
            .contains(
                "rollrun: warning: plugin skipped: "
                    + plugins.resolve("not-a-plugin.jar")
                    + ": not a rollrun plugin"),
        run.err());
  }

  @Test
  void aRunThatNeedsABrokenPluginRefusesToStartWithExit4() throws IOException {
    PluginJars.plugin("fragile", "1.0.0")
        .manifest("Plugin-Class", "com.example.FragilePlugin")
        .source(
            "com.example.FragilePlugin",
            """
            package com.example;
            public class FragilePlugin extends org.pf4j.Plugin {
              public void start() { throw new IllegalStateException("no licence key"); }
            }
            """)
        .writeTo(plugins);
    Path playbook = playbook("- task: fragile-task");
    CommandLineRun run = rollrun("plan", playbook.toString());
    assertEquals(4, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.err()
            .contains(
                playbook
                    + ":6:13: unknown task \"fragile-task\"; available: check-version; it may be"
                    + " provided by a plugin that failed to load:\n  "
                    + plugins.resolve("fragile-1.0.0.jar")
                    + ": plugin fragile did not start: IllegalStateException: no licence key"),
        run.err());
  }

  @Test
  void pluginsListsEveryBrokenPluginWithItsReasonAndExits4() {
    PluginJars.plainJar("not-a-plugin.jar").writeTo(plugins);
    PluginJars.plugin("future", "2.0.0").manifest("Plugin-Requires", ">=1.0.0").writeTo(plugins);
    PluginsOverOpenSshTest.exampleJar(plugins.resolve("copy"));
    CommandLineRun run =
        CommandLineRun.of(
            "plugins",
            "--plugins",
            plugins.toString(),
            "--plugins",
            plugins.resolve("copy").toString());
    assertEquals(4, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("-  -  not a plugin"), run.out());
    assertTrue(run.out().contains("future  2.0.0  incompatible"), run.out());
    assertTrue(
        run.out().contains("requires the rollrun API >=1.0.0, this rollrun has API 0.1.0"),
        run.out());
    assertTrue(run.out().contains("check-version  1.0.0  duplicate"), run.out());
    assertTrue(run.out().contains("check-version  1.0.0  started"), run.out());
  }

  @Test
  void thePlanShowsTaskStepsWithTheirArgsAndSecretsHidden() throws IOException {
    Path secrets = dir.resolve("secrets.yml");
    Files.writeString(secrets, "pin: s3cr3t-v3rsion\n");
    Path playbook =
        playbook(
            "- task: check-version\n  args: { package: kafka, package-version: \"{{ vars.pin }}\" }");
    CommandLineRun run = rollrun("plan", playbook.toString(), "-e", "@" + secrets);
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.out()
            .contains(
                "pre-stop    task   check-version {package: kafka, package-version: <secret:pin>}"),
        run.out());
    assertTrue(!run.out().contains("s3cr3t"), run.out());
  }

  @Test
  void schemaWritesThePluginsKeysForEditors() {
    CommandLineRun run = rollrun("schema");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("\"const\" : \"check-version\""), run.out());
    assertTrue(run.out().contains("\"package-version\""), run.out());
  }
}
