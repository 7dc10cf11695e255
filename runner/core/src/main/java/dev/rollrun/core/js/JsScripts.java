package dev.rollrun.core.js;

import dev.rollrun.core.config.CompiledScript;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Compiles {@code js:} task files: reads one, parses it as an ECMAScript module and evaluates its
 * top level once in the sandbox, to find its exported {@code run(ctx, args)}. A syntax error, a
 * top-level error, or a missing {@code run} is a validation problem at the script's
 * file:line:column, before anything runs. The GraalVM engine starts with the first script: a
 * playbook without {@code js:} steps never starts it.
 */
public final class JsScripts {

  /** How long a script's top level may run when it is compiled. */
  static final Duration COMPILE_LIMIT = Duration.ofSeconds(30);

  private final ConcurrentMap<Path, CompiledScript> compiled = new ConcurrentHashMap<>();

  /**
   * The script at {@code file}, compiled once per file for this instance.
   *
   * @throws dev.rollrun.core.problem.InvalidConfigException naming the script's file:line:column
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
    // In a class of its own: loading this one must not load GraalVM (a playbook without js: steps
    // pays nothing for it; the verifier would load the polyglot exception types caught here).
    return JsCompilation.read(file, displayName);
  }
}
