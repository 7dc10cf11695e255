package dev.rollrun.core.js;

import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.TaskContext;
import dev.rollrun.api.TaskFailedException;
import dev.rollrun.core.config.CompiledScript;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * A compiled {@code js:} task. Each call gets a fresh sandboxed context on the shared engine (no
 * state survives from one node to the next), evaluates the module (its parse is cached by the
 * engine) and calls its {@code run(ctx, args)} under a watchdog. {@code console.log} lines become
 * the step's output.
 */
final class JsScript implements CompiledScript {

  private final Source source;
  private final String displayName;

  JsScript(Source source, String displayName) {
    this.source = source;
    this.displayName = displayName;
  }

  @Override
  public String displayName() {
    return displayName;
  }

  @Override
  public void run(TaskContext context, TaskArgs args, Duration limit) throws InterruptedException {
    ConsoleLines console = new ConsoleLines(context);
    Context js = JsEngine.newContext(console);
    Watchdog watchdog = Watchdog.start(js, limit);
    try {
      Value run = js.eval(source).getMember("run");
      Value result = run.execute(new JsTaskContext(context), JsTaskContext.value(args.asMap()));
      awaitIfPromise(result);
    } catch (PolyglotException e) {
      if (e.isHostException()
          && e.asHostException() instanceof RuntimeException host
          && !(host instanceof TaskFailedException)) {
        throw host; // a lost connection, a command timed out on the node: as it is
      }
      throw new TaskFailedException(
          JsErrors.position(e, displayName) + ": " + JsErrors.describe(e, limit));
    } catch (IllegalStateException e) {
      if (!watchdog.fired()) {
        throw e;
      }
      // The watchdog closed the context between two calls into it.
      throw new TaskFailedException(
          displayName + ": the script did not return in time and was cancelled");
    } finally {
      watchdog.close();
      try {
        js.close();
      } catch (RuntimeException e) {
        // already closed by the watchdog
      }
      console.flush();
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  /**
   * An {@code async run} returns a promise: the task is over when it settles, and a rejection fails
   * it like a throw. Its jobs run when the call into the script returns, so it has settled by then
   * unless it waits for something that never comes, which is a failure too.
   */
  private void awaitIfPromise(Value result) {
    if (result == null || !result.hasMember("then")) {
      return;
    }
    Value[] rejected = new Value[1];
    boolean[] settled = new boolean[1];
    result.invokeMember(
        "then",
        (ProxyExecutable)
            values -> {
              settled[0] = true;
              return null;
            },
        (ProxyExecutable)
            values -> {
              settled[0] = true;
              rejected[0] = values.length > 0 ? values[0] : null;
              return null;
            });
    if (rejected[0] != null) {
      Value reason = rejected[0];
      if (reason.isException()) {
        reason.throwException();
      }
      throw new TaskFailedException(displayName + ": the task's promise was rejected: " + reason);
    }
    if (!settled[0]) {
      throw new TaskFailedException(
          displayName + ": run(ctx, args) returned a promise that never settled");
    }
  }

  /** Console output of a script, line by line, as the step's output. */
  private static final class ConsoleLines extends OutputStream {
    private final TaskContext context;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    ConsoleLines(TaskContext context) {
      this.context = context;
    }

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        emit();
      } else {
        line.write(b);
      }
    }

    @Override
    public synchronized void flush() {
      if (line.size() > 0) {
        emit();
      }
    }

    private void emit() {
      context.log(line.toString(StandardCharsets.UTF_8));
      line.reset();
    }
  }
}
