package dev.rollrun.core.js;

import java.io.OutputStream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.io.IOAccess;

/**
 * The one GraalVM polyglot engine of the process, created on first use (only a playbook with {@code
 * js:} steps pays for it), and the sandbox every script context gets on it: host objects only
 * through what rollrun exports ({@link HostAccess#EXPLICIT}), no Java class lookup or loading, no
 * file system, no process, no thread, no environment, no native access, no other language, no
 * {@code load()} or {@code print()}, and a statement limit per call. Contexts are cheap on a shared
 * engine, which keeps what it parsed.
 */
final class JsEngine {

  /**
   * Statements one call may execute: far more than a task that reads some output needs, few enough
   * that a runaway loop ends in a second or two even before its time limit.
   */
  static final long STATEMENT_LIMIT = 50_000_000L;

  /** The same for every context: GraalVM requires one host access policy per engine. */
  private static final HostAccess HOST_ACCESS = HostAccess.EXPLICIT;

  private static final ResourceLimits LIMITS =
      ResourceLimits.newBuilder().statementLimit(STATEMENT_LIMIT, null).build();

  private JsEngine() {}

  private static final class Holder {
    static final Engine ENGINE =
        Engine.newBuilder("js")
            // rollrun runs on a stock JDK: the interpreter is enough for a task's few calls.
            .option("engine.WarnInterpreterOnly", "false")
            .build();
  }

  /** The shared engine, created by the first call. */
  static Engine engine() {
    return Holder.ENGINE;
  }

  /** A new sandboxed context on the shared engine; {@code out} receives console output. */
  static Context newContext(OutputStream out) {
    return Context.newBuilder("js")
        .engine(engine())
        .allowHostAccess(HOST_ACCESS)
        .allowHostClassLookup(name -> false)
        .allowHostClassLoading(false)
        .allowIO(IOAccess.NONE)
        .allowCreateThread(false)
        .allowCreateProcess(false)
        .allowNativeAccess(false)
        .allowEnvironmentAccess(EnvironmentAccess.NONE)
        .allowPolyglotAccess(PolyglotAccess.NONE)
        .allowExperimentalOptions(false)
        .allowValueSharing(false)
        .option("js.load", "false")
        .option("js.print", "false")
        // Evaluating the module gives its exports: how run(ctx, args) is found.
        .option("js.esm-eval-returns-exports", "true")
        .out(out)
        .err(out)
        .resourceLimits(LIMITS)
        .build();
  }
}
