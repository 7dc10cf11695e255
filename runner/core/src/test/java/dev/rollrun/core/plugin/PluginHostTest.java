package dev.rollrun.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.api.ApiVersion;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real plugin jars built at test time, loaded by PF4J: good ones provide their behaviours and
 * tasks, each broken one is listed with a reason naming its jar, and never takes the others down.
 */
class PluginHostTest {

  @TempDir Path dir;

  static final String TASK =
      """
      package com.example;

      import dev.rollrun.api.Task;
      import dev.rollrun.api.TaskArgs;
      import dev.rollrun.api.TaskContext;
      import org.pf4j.Extension;

      @Extension
      public class %1$s implements Task {
        public String id() { return "%2$s"; }
        public String argsSchema() {
          return "{\\"type\\": \\"object\\", \\"required\\": [\\"version\\"],"
              + " \\"properties\\": {\\"version\\": {\\"type\\": \\"string\\"}}}";
        }
        public void run(TaskContext ctx, TaskArgs args) { ctx.log("hello " + args.string("version")); }
      }
      """;

  static final String BEHAVIOUR =
      """
      package com.example;

      import dev.rollrun.api.ClusterBehaviour;
      import org.pf4j.Extension;

      @Extension
      public class Search implements ClusterBehaviour {
        public String id() { return "search"; }
        public String defaultStopCommand() { return "systemctl stop search"; }
        public String defaultStartCommand() { return "systemctl start search"; }
        public String defaultHealth() { return "all:\\n  - tcp: { port: 9200 }\\n"; }
        public String settingsSchema() {
          return "{\\"type\\": \\"object\\", \\"properties\\": {\\"port\\": {\\"type\\": \\"integer\\"}}}";
        }
      }
      """;

  static PluginJars task(String id) {
    String className = "Task" + id.replace("-", "");
    return PluginJars.plugin(id, "1.0.0")
        .source("com.example." + className, TASK.formatted(className, id));
  }

  private Plugins load() {
    return PluginHost.load(List.of(PluginSource.folder(dir, "test")));
  }

  private static LoadedPlugin only(Plugins plugins, String state) {
    List<LoadedPlugin> found =
        plugins.listed().stream().filter(p -> p.state().equals(state)).toList();
    assertEquals(1, found.size(), plugins.listed().toString());
    return found.get(0);
  }

  @Test
  void aPluginProvidesItsTaskAndBehaviourWithItsIdVersionAndFile() {
    Path jar = task("check-version").source("com.example.Search", BEHAVIOUR).writeTo(dir);
    Plugins plugins = load();
    LoadedPlugin plugin = only(plugins, "started");
    assertEquals("check-version", plugin.id());
    assertEquals("1.0.0", plugin.version());
    assertEquals(jar, plugin.path());
    assertEquals(List.of("search"), plugin.behaviours());
    assertEquals(List.of("check-version"), plugin.tasks());
    assertTrue(plugins.tasks().find("check-version").isPresent());
    assertTrue(plugins.behaviours().find("search").isPresent());
    assertEquals(List.of(), plugins.broken());
  }

  @Test
  void aPluginsKeysBecomeSchemaRulesAndEditorExamples() {
    task("check-version").source("com.example.Search", BEHAVIOUR).writeTo(dir);
    JsonNode fragment = load().schemaFragment();
    JsonNode step = fragment.path("$defs").path("step");
    assertEquals(
        "check-version", step.path("properties").path("task").path("examples").get(0).asText());
    JsonNode rule = step.path("allOf").get(0);
    assertEquals(
        "check-version", rule.path("if").path("properties").path("task").path("const").asText());
    assertEquals("args", rule.path("then").path("required").get(0).asText(), "args are required");
    assertEquals(
        "search",
        fragment
            .path("allOf")
            .get(0)
            .path("if")
            .path("properties")
            .path("cluster")
            .path("const")
            .asText());
  }

  @Test
  void aJarThatIsNotAPluginIsListedAndTheOthersStillLoad() {
    PluginJars.plainJar("commons-lang.jar").writeTo(dir);
    task("check-version").writeTo(dir);
    Plugins plugins = load();
    LoadedPlugin broken = only(plugins, "not a plugin");
    assertEquals(
        dir.resolve("commons-lang.jar")
            + ": not a rollrun plugin: its manifest has no Plugin-Id and it holds no"
            + " plugin.properties",
        broken.problem());
    assertTrue(plugins.tasks().find("check-version").isPresent());
  }

  @Test
  void aPluginForAnotherApiVersionIsRefusedNamingBothVersions() {
    Path jar = task("old-task").manifest("Plugin-Requires", ">=9.0.0").writeTo(dir);
    LoadedPlugin broken = only(load(), "incompatible");
    assertEquals(
        jar
            + ": plugin old-task 1.0.0 requires the rollrun API >=9.0.0, this rollrun has API "
            + ApiVersion.current()
            + "; use a build of the plugin for this API",
        broken.problem());
  }

  @Test
  void twoPluginsWithTheSameIdLoadTheFirstAndNameBoth() {
    Path first = task("check-version").named("a-check.jar").writeTo(dir);
    Path second = task("check-version").named("b-check.jar").writeTo(dir);
    Plugins plugins = load();
    assertEquals(first, only(plugins, "started").path());
    assertEquals(
        second
            + ": plugin id \"check-version\" is already taken by "
            + first
            + "; remove one of them",
        only(plugins, "duplicate").problem());
  }

  @Test
  void aPluginWhoseStartThrowsIsSkippedWithTheReason() {
    Path jar =
        task("fragile")
            .manifest("Plugin-Class", "com.example.FragilePlugin")
            .source(
                "com.example.FragilePlugin",
                """
                package com.example;
                public class FragilePlugin extends org.pf4j.Plugin {
                  public void start() { throw new IllegalStateException("no licence key"); }
                }
                """)
            .writeTo(dir);
    Plugins plugins = load();
    LoadedPlugin broken = only(plugins, "failed");
    assertEquals(
        jar + ": plugin fragile did not start: IllegalStateException: no licence key",
        broken.problem());
    assertTrue(plugins.tasks().find("fragile").isEmpty(), "a plugin is used whole or not at all");
  }

  @Test
  void aPluginBuiltWithoutTheAnnotationProcessorSaysItProvidesNothingAndWhy() {
    Path jar = task("silent").withoutAnnotationProcessing().writeTo(dir);
    LoadedPlugin broken = only(load(), "failed");
    assertEquals(
        jar
            + ": plugin silent provides nothing: it has no extension index"
            + " (META-INF/extensions.idx); build it with PF4J's annotation processor"
            + " (annotationProcessorPaths)",
        broken.problem());
  }

  @Test
  void aPluginThatBundlesTheApiStillWorks() {
    task("shaded").bundlingTheApi().writeTo(dir);
    Plugins plugins = load();
    assertEquals("started", only(plugins, "started").state());
    assertTrue(plugins.tasks().find("shaded").isPresent());
  }

  @Test
  void aBehaviourWhoseDefaultHealthIsNotAGateIsRefusedWithThePosition() {
    Path jar =
        PluginJars.plugin("bad-health", "1.0.0")
            .source("com.example.Search", BEHAVIOUR.replace("- tcp: { port: 9200 }", "- tcpp: 1"))
            .writeTo(dir);
    LoadedPlugin broken = only(load(), "failed");
    assertTrue(
        broken
            .problem()
            .startsWith(
                jar
                    + ": cluster behaviour search: its default health is not"
                    + " a valid gate: cluster search: default health:2:5:"),
        broken.problem());
  }

  @Test
  void aTaskIdTakenByAnotherPluginSkipsTheSecondPlugin() {
    Path first = task("check-version").named("a.jar").writeTo(dir);
    PluginJars.plugin("other", "2.0.0")
        .source("com.example.Other", TASK.formatted("Other", "check-version"))
        .named("b.jar")
        .writeTo(dir);
    LoadedPlugin broken = only(load(), "failed");
    assertEquals(
        dir.resolve("b.jar") + ": task id \"check-version\" is already taken by " + first,
        broken.problem());
  }

  @Test
  void noFolderNoPluginsAndNothingBroken() {
    Plugins plugins = PluginHost.load(List.of(PluginSource.folder(dir.resolve("absent"), "test")));
    assertEquals(List.of(), plugins.listed());
  }
}
