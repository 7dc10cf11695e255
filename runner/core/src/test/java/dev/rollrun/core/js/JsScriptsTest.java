package dev.rollrun.core.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.CommandOutput;
import dev.rollrun.api.Host;
import dev.rollrun.api.HttpReply;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import dev.rollrun.api.TaskFailedException;
import dev.rollrun.core.config.CompiledScript;
import dev.rollrun.core.problem.InvalidConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JavaScript tasks in their sandbox: {@code ctx} is the TaskContext API and nothing else; every way
 * out (Java classes, files, processes, the environment, threads) is closed, and each attempt fails
 * with the script's file and line; a syntax error is found when the script is compiled; a runaway
 * loop is cancelled.
 */
class JsScriptsTest {

  @TempDir Path dir;

  private final JsScripts scripts = new JsScripts();

  /** A context that records what the script did. */
  static final class RecordingContext implements TaskContext {
    final List<String> log = new ArrayList<>();
    final List<String> commands = new ArrayList<>();

    @Override
    public Host host() {
      return new Host(
          "kafka-1",
          "10.0.0.1",
          22,
          "deploy",
          null,
          List.of("broker"),
          "r1",
          null,
          Map.of("broker.id", 1));
    }

    @Override
    public CommandOutput run(String command) {
      commands.add(command);
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
      return new HttpReply(200, "{\"status\":\"green\"}");
    }

    @Override
    public HttpReply httpPost(String url, String body, String contentType) {
      return new HttpReply(201, body);
    }

    @Override
    public void log(String message) {
      log.add(message);
    }

    @Override
    public void fail(String message) {
      throw new TaskFailedException(message);
    }
  }

  private CompiledScript compile(String name, String code) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, code);
    return scripts.compile(file, "tasks/" + name);
  }

  private String failure(String code) throws Exception {
    CompiledScript script = compile("t.js", code);
    TaskFailedException e =
        assertThrows(
            TaskFailedException.class,
            () -> script.run(new RecordingContext(), TaskArgs.none(), Duration.ofSeconds(10)));
    return e.getMessage();
  }

  @Test
  void theScriptSeesExactlyTheTaskContextApi() throws Exception {
    CompiledScript script =
        compile(
            "check.js",
            """
            export function run(ctx, args) {
              const host = ctx.host();
              const out = ctx.run("cat VERSION");
              const health = ctx.httpGet("http://" + host.address + ":9200/_cluster/health");
              ctx.log(`${host.name} broker ${host.vars["broker.id"]} roles ${host.roles.join(",")}`);
              ctx.log(`version ${out.stdout.trim()} exit ${out.exitCode} ok ${out.ok}`);
              ctx.log(`health ${JSON.parse(health.body).status} want ${args["package-version"]}`);
              console.log("from console");
            }
            """);
    RecordingContext ctx = new RecordingContext();
    script.run(ctx, new TaskArgs(Map.of("package-version", "3.9.0")), Duration.ofSeconds(10));
    assertEquals(
        List.of(
            "kafka-1 broker 1 roles broker",
            "version 3.9.0 exit 0 ok true",
            "health green want 3.9.0",
            "from console"),
        ctx.log);
    assertEquals(List.of("cat VERSION"), ctx.commands);
  }

  @Test
  void ctxFailEndsTheTaskWithTheScriptsMessageAndLine() throws Exception {
    assertEquals(
        "tasks/t.js:3:3: kafka 3.8.0 is installed, expected 3.9.0",
        failure(
            """
            export function run(ctx, args) {
              // line 2
              ctx.fail("kafka 3.8.0 is installed, expected 3.9.0");
            }
            """));
  }

  @Test
  void aThrownErrorNamesTheScriptsLine() throws Exception {
    assertEquals(
        "tasks/t.js:2:3: TypeError: Cannot read property 'x' of undefined",
        failure(
            """
            export function run(ctx, args) {
              args.missing.x;
            }
            """));
  }

  @Test
  void aSyntaxErrorIsAValidationProblemAtItsLineAndColumn() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> compile("broken.js", "export function run(ctx, args) {\n  let x = ;\n}\n"));
    assertEquals(
        "tasks/broken.js:2:11: syntax error: Expected an operand but found ;",
        e.problems().get(0).toString());
  }

  @Test
  void aScriptWithoutRunIsRefusedSayingWhatToExport() {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class, () -> compile("norun.js", "export const x = 1;\n"));
    assertTrue(
        e.problems().get(0).toString().startsWith("tasks/norun.js:1:1: a JavaScript task exports"),
        e.problems().toString());
  }

  @Test
  void javaClassesCannotBeLoaded() throws Exception {
    String message =
        failure(
            """
            export function run(ctx, args) {
              const File = Java.type("java.io.File");
              ctx.log(new File("/etc/passwd").exists());
            }
            """);
    assertTrue(message.startsWith("tasks/t.js:2:"), message);
    assertTrue(message.contains("java.io.File"), message);
  }

  @Test
  void theFileSystemIsClosed() throws Exception {
    String message =
        failure(
            """
            export async function run(ctx, args) {
              const fs = await import("/etc/passwd");
              ctx.log(fs);
            }
            """);
    // An async run returns a promise that rejects: refused as well, never read.
    assertTrue(message.startsWith("tasks/t.js:"), message);
    assertFalse(message.contains("root:"), message);
  }

  @Test
  void loadingAFileIsClosed() throws Exception {
    String message =
        failure(
            """
            export function run(ctx, args) {
              load("/etc/passwd");
            }
            """);
    assertTrue(message.startsWith("tasks/t.js:2:3: ReferenceError: load is not defined"), message);
  }

  @Test
  void processesCannotBeStarted() throws Exception {
    String message =
        failure(
            """
            export function run(ctx, args) {
              Java.type("java.lang.ProcessBuilder");
            }
            """);
    assertTrue(message.startsWith("tasks/t.js:2:"), message);
  }

  @Test
  void theEnvironmentCannotBeRead() throws Exception {
    String message =
        failure(
            """
            export function run(ctx, args) {
              ctx.log(process.env.HOME);
            }
            """);
    assertTrue(
        message.startsWith("tasks/t.js:2:11: ReferenceError: process is not defined"), message);
  }

  @Test
  void theContextsJavaObjectCannotBeUsedToReachJava() throws Exception {
    String message =
        failure(
            """
            export function run(ctx, args) {
              ctx.getClass().forName("java.lang.Runtime");
            }
            """);
    assertTrue(message.startsWith("tasks/t.js:2:"), message);
  }

  @Test
  void aRunawayLoopIsCancelledAtItsTimeLimit() throws Exception {
    CompiledScript script =
        compile(
            "loop.js",
            """
            export function run(ctx, args) {
              let i = 0;
              while (true) { i = (i + 1) % 7; }
            }
            """);
    long start = System.nanoTime();
    TaskFailedException e =
        assertThrows(
            TaskFailedException.class,
            () -> script.run(new RecordingContext(), TaskArgs.none(), Duration.ofMillis(500)));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(
        e.getMessage().contains("and was cancelled") || e.getMessage().contains("statements"),
        e.getMessage());
    assertTrue(e.getMessage().startsWith("tasks/loop.js:"), e.getMessage());
    assertTrue(tookMillis < 20_000, "ended after " + tookMillis + " ms");
  }

  @Test
  void threadsCannotBeCreated() throws Exception {
    String message =
        failure(
            """
            export function run(ctx, args) {
              const Thread = Java.type("java.lang.Thread");
              new Thread(() => {}).start();
            }
            """);
    assertTrue(message.startsWith("tasks/t.js:2:"), message);
  }
}
