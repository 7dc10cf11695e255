package dev.rollrun.core.journal;

import dev.rollrun.api.RollrunException;
import java.nio.file.Path;

/** A run's journal could not be written or read; the message names the file. */
public final class JournalException extends RollrunException {

  JournalException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
  }

  JournalException(Path file, int line, String message) {
    super(file + ":" + line + ": " + message);
  }
}
