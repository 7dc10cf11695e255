package dev.rollrun.core.js;

import dev.rollrun.core.config.CompiledScript;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.yaml.TextFiles;
import java.io.OutputStream;
import java.nio.file.Path;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * Compiling one script: read it, evaluate the module's top level in the sandbox (under a watchdog),
 * and check it exports {@code run}. The first use starts the GraalVM engine.
 */
final class JsCompilation {

  private JsCompilation() {}

  static CompiledScript read(Path file, String displayName) {
    String text = TextFiles.read(file, displayName, "JavaScript task");
    Source source =
        Source.newBuilder("js", text, displayName)
            .mimeType("application/javascript+module")
            .buildLiteral();
    try (Context context = JsEngine.newContext(OutputStream.nullOutputStream())) {
      Value run;
      // The watchdog covers every call into the context: it may close it at any point of them.
      try (Watchdog watchdog = Watchdog.start(context, JsScripts.COMPILE_LIMIT)) {
        try {
          run = context.eval(source).getMember("run");
        } catch (IllegalStateException e) {
          if (!watchdog.fired()) {
            throw e;
          }
          throw new InvalidConfigException(
              SourcePosition.startOf(displayName),
              "the script's top level did not finish within "
                  + dev.rollrun.core.text.Durations.format(JsScripts.COMPILE_LIMIT)
                  + " and was cancelled");
        }
      } catch (PolyglotException e) {
        throw new InvalidConfigException(
            JsErrors.position(e, displayName), JsErrors.describe(e, JsScripts.COMPILE_LIMIT));
      }
      if (run == null || !run.canExecute()) {
        throw new InvalidConfigException(
            SourcePosition.startOf(displayName),
            "a JavaScript task exports a run(ctx, args) function: add"
                + " \"export function run(ctx, args) { ... }\"");
      }
    } catch (PolyglotException e) {
      // Closing a context the watchdog cancelled at the last moment: the script was read.
      if (!e.isCancelled()) {
        throw e;
      }
    }
    return new JsScript(source, displayName);
  }
}
