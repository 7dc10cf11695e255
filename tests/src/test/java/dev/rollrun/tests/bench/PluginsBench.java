package dev.rollrun.tests.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rollrun.api.CommandOutput;
import dev.rollrun.api.Host;
import dev.rollrun.api.HttpReply;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import dev.rollrun.core.config.CompiledScript;
import dev.rollrun.core.js.JsScripts;
import dev.rollrun.core.plugin.PluginJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What plugins and JavaScript cost, not a test: {@code rollrun validate} as a whole process with
 * and without 20 plugin jars; with and without a {@code js:} step (the GraalVM engine's start-up);
 * whether a playbook without JavaScript loads any GraalVM class; and a JavaScript task's call, the
 * first in this JVM and then warm. Run with {@code bench/plugins.sh}; excluded from the normal test
 * run (tag {@code bench}).
 */
@Tag("bench")
class PluginsBench {

  private static final Path DIST = Path.of("runner/cli/target/rollrun/bin/rollrun");
  private static final int RUNS = Integer.getInteger("rollrun.bench.runs", 7);
  private static final int PLUGINS = 20;

  @TempDir Path dir;

  @Test
  void pluginLoadingAndJavaScriptCost() throws Exception {
    // In-process first, while no GraalVM class is loaded in this JVM.
    javaScriptCallCost();

    Path plugins = dir.resolve("plugins");
    for (int i = 1; i <= PLUGINS; i++) {
      String id = "bench-task-" + i;
      String cls = "BenchTask" + i;
      PluginJars.plugin(id, "1.0.0")
          .source(
              "com.example." + cls,
              """
              package com.example;
              import dev.rollrun.api.*;
              @org.pf4j.Extension
              public class %s implements Task {
                public String id() { return "%s"; }
                public String argsSchema() {
                  return "{\\"type\\": \\"object\\", \\"properties\\": {\\"n\\": {\\"type\\": \\"integer\\"}}}";
                }
                public void run(TaskContext ctx, TaskArgs args) { ctx.log("%s"); }
              }
              """
                  .formatted(cls, id, id))
          .writeTo(plugins);
    }
    String playbook = "playbooks/service-restart.yml";
    Path js = dir.resolve("js.yml");
    Files.createDirectories(dir.resolve("tasks"));
    Files.copy(Path.of("playbooks/tasks/check-version.js"), dir.resolve("tasks/check-version.js"));
    Files.writeString(
        js,
        Files.readString(Path.of(playbook))
            .replace(
                "inventory: ../inventory/web.yml",
                "inventory: " + Path.of("inventory/web.yml").toAbsolutePath())
            .replace(
                "steps:\n",
                "steps:\n  pre-cluster:\n    - js: tasks/check-version.js\n      args: { package-version: \"1\" }\n"));

    List<Long> without = new ArrayList<>();
    List<Long> with = new ArrayList<>();
    List<Long> withJs = new ArrayList<>();
    run(List.of(DIST.toString(), "validate", playbook)); // the launcher's CDS archive, once
    run(List.of(DIST.toString(), "validate", playbook));
    for (int i = 0; i < RUNS; i++) {
      without.add(run(List.of(DIST.toString(), "validate", playbook)));
      with.add(
          run(List.of(DIST.toString(), "validate", playbook, "--plugins", plugins.toString())));
      withJs.add(run(List.of(DIST.toString(), "validate", js.toString())));
    }
    report("validate, distribution plugins only (service)", without);
    report("validate, + " + PLUGINS + " plugin jars (--plugins)", with);
    report("validate, a playbook with a js: step (engine start + compile)", withJs);
    System.out.printf(
        "BENCH loading %d plugin jars adds %d ms (median against median)%n",
        PLUGINS, median(with) - median(without));
    System.out.printf(
        "BENCH a js: step adds %d ms to validate (median against median)%n",
        median(withJs) - median(without));
    System.out.printf(
        "BENCH GraalVM classes loaded by validate of a playbook without js: %d%n",
        graalClassesLoaded(playbook));
  }

  private void javaScriptCallCost() throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    CompiledScript script =
        new JsScripts()
            .compile(Path.of("playbooks/tasks/check-version.js"), "tasks/check-version.js");
    long compiled = System.nanoTime();
    TaskContext ctx = new QuietContext();
    TaskArgs args = new TaskArgs(Map.of("package-version", "3.9.0"));
    script.run(ctx, args, Duration.ofSeconds(30));
    long first = System.nanoTime();
    List<Long> warm = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      long s = System.nanoTime();
      script.run(ctx, args, Duration.ofSeconds(30));
      warm.add(System.nanoTime() - s);
    }
    Collections.sort(warm);
    System.out.printf(
        "BENCH js: engine + compile %d ms, first call %d ms, warm call median %.2f ms, p90 %.2f ms"
            + " (300 calls, each in a fresh context on the shared engine)%n",
        TimeUnit.NANOSECONDS.toMillis(compiled - t0),
        TimeUnit.NANOSECONDS.toMillis(first - compiled),
        warm.get(warm.size() / 2) / 1e6,
        warm.get(warm.size() * 9 / 10) / 1e6);
  }

  /** A task context that answers at once, so that the script's own cost is measured. */
  private static final class QuietContext implements TaskContext {
    @Override
    public Host host() {
      return new Host("h1", "127.0.0.1", 22, null, null, List.of(), null, null, Map.of());
    }

    @Override
    public CommandOutput run(String command) {
      return new CommandOutput(0, "3.9.0\n", "");
    }

    @Override
    public CommandOutput run(String command, Duration timeout) {
      return run(command);
    }

    @Override
    public java.net.InetSocketAddress tunnel(Host target, int port) {
      throw new UnsupportedOperationException("no SSH session here");
    }

    @Override
    public HttpReply httpGet(String url) {
      return new HttpReply(200, "");
    }

    @Override
    public HttpReply httpPost(String url, String body, String contentType) {
      return new HttpReply(200, "");
    }

    @Override
    public void log(String message) {}

    @Override
    public void fail(String message) {
      throw new dev.rollrun.api.TaskFailedException(message);
    }
  }

  private long graalClassesLoaded(String playbook) throws Exception {
    Path log = dir.resolve("classes.log");
    ProcessBuilder builder =
        new ProcessBuilder(DIST.toString(), "validate", playbook)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("ROLLRUN_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
    Process process = builder.start();
    assertEquals(0, process.waitFor(), "validate " + playbook);
    try (var lines = Files.lines(log)) {
      return lines
          .filter(l -> l.contains("org.graalvm.") || l.contains("com.oracle.truffle."))
          .count();
    }
  }

  private static long run(List<String> command) throws Exception {
    long start = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertEquals(0, process.waitFor(), String.join(" ", command));
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private static long median(List<Long> times) {
    List<Long> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static void report(String what, List<Long> times) {
    System.out.printf("BENCH %s: median %d ms, runs %s%n", what, median(times), times);
  }
}
