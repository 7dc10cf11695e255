package dev.rollrun.core.js;

import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.text.Durations;
import java.time.Duration;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;

/** A script's error in an operator's words: where in the script, and what. */
final class JsErrors {

  private JsErrors() {}

  /** Where the error happened in the script (its innermost script frame), else its first line. */
  static SourcePosition position(PolyglotException e, String displayName) {
    SourceSection at = e.getSourceLocation();
    if (at == null || !displayName.equals(at.getSource().getName())) {
      at = null;
      for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
        SourceSection location = frame.getSourceLocation();
        if (frame.isGuestFrame()
            && location != null
            && displayName.equals(location.getSource().getName())) {
          at = location;
          break;
        }
      }
    }
    if (at == null || !at.isAvailable()) {
      return SourcePosition.startOf(displayName);
    }
    return new SourcePosition(displayName, at.getStartLine(), Math.max(1, at.getStartColumn()));
  }

  /** What went wrong, without the script's name (the position carries it). */
  static String describe(PolyglotException e, Duration limit) {
    if (e.isCancelled()) {
      return "the script did not return within " + Durations.format(limit) + " and was cancelled";
    }
    if (e.isResourceExhausted()) {
      return "the script ran more than "
          + JsEngine.STATEMENT_LIMIT
          + " statements and was stopped (a loop that never ends?)";
    }
    if (e.isHostException()) {
      Throwable host = e.asHostException();
      return host.getMessage() == null ? host.getClass().getSimpleName() : host.getMessage();
    }
    String message =
        e.getMessage() == null ? "error" : e.getMessage().lines().findFirst().orElse("error");
    if (e.isSyntaxError()) {
      // "SyntaxError: file.js:3:10 Expected ..." -> "syntax error: Expected ..." (the location
      // comes first in the message; a JavaScript class name means nothing to an operator)
      message = message.replaceFirst("^SyntaxError: (\\S+:\\d+(:\\d+)? )?", "syntax error: ");
    }
    return message;
  }
}
