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
      run.execute(new JsTaskContext(context), JsTaskContext.value(args.asMap()));
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
