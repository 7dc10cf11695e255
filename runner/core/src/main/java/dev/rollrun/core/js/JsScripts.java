package dev.rollrun.core.js;

import dev.rollrun.core.config.CompiledScript;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.yaml.TextFiles;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * Compiles {@code js:} task files: reads one, parses it as an ECMAScript module and evaluates its
 * top level once in the sandbox, to find its exported {@code run(ctx, args)}. A syntax error, a
 * top-level error, or a missing {@code run} is a validation problem at the script's
 * file:line:column, before anything runs. The GraalVM engine starts with the first script: a
 * playbook without {@code js:} steps never starts it.
 */
public final class JsScripts {

  /** How long a script's top level may run when it is compiled. */
  static final Duration COMPILE_LIMIT = Duration.ofSeconds(10);

  private final ConcurrentMap<Path, CompiledScript> compiled = new ConcurrentHashMap<>();

  /**
   * The script at {@code file}, compiled once per file for this instance.
   *
   * @throws InvalidConfigException naming the script's file:line:column
   */
  public CompiledScript compile(Path file, String displayName) {
    Path key = file.toAbsolutePath().normalize();
    CompiledScript known = compiled.get(key);
    if (known != null) {
      return known;
    }
    CompiledScript script = read(file, displayName);
    compiled.put(key, script);
    return script;
  }

  private static CompiledScript read(Path file, String displayName) {
    String text = TextFiles.read(file, displayName, "JavaScript task");
    Source source =
        Source.newBuilder("js", text, displayName)
            .mimeType("application/javascript+module")
            .buildLiteral();
    try (Context context = JsEngine.newContext(OutputStream.nullOutputStream())) {
      Value exports;
      try (Watchdog watchdog = Watchdog.start(context, COMPILE_LIMIT)) {
        exports = context.eval(source);
      } catch (PolyglotException e) {
        throw new InvalidConfigException(
            JsErrors.position(e, displayName), JsErrors.describe(e, COMPILE_LIMIT));
      }
      Value run = exports.getMember("run");
      if (run == null || !run.canExecute()) {
        throw new InvalidConfigException(
            SourcePosition.startOf(displayName),
            "a JavaScript task exports a run(ctx, args) function: add"
                + " \"export function run(ctx, args) { ... }\"");
      }
    }
    return new JsScript(source, displayName);
  }
}
