package dev.rollrun.core.history;

import dev.rollrun.core.journal.Journal;
import dev.rollrun.core.text.Redactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a run's report beside its journal: {@code report.md} and {@code report.html} in {@code
 * <state dir>/runs/<run id>/}, made from the journal alone, so that they can be made again for any
 * run, a crashed one included ({@code rollrun report RUN-ID}).
 */
public final class RunReports {

  public static final String MARKDOWN = "report.md";
  public static final String HTML = "report.html";

  private RunReports() {}

  /** The two files written. */
  public record Written(Path markdown, Path html, RunHistory history) {}

  /** Reads {@code journal} and writes its reports in its directory, each replaced whole. */
  public static Written write(Journal journal, Redactor redactor) {
    RunHistory history = RunHistory.of(journal, redactor);
    Path dir = journal.file().toAbsolutePath().getParent();
    Path md = dir.resolve(MARKDOWN);
    Path html = dir.resolve(HTML);
    replace(md, new MarkdownRunReport().render(history));
    replace(html, new HtmlRunReport().render(history));
    return new Written(md, html, history);
  }

  private static void replace(Path file, String text) {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
