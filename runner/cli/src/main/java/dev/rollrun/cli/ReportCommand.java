package dev.rollrun.cli;

import dev.rollrun.core.history.RunReports;
import dev.rollrun.core.journal.Journal;
import dev.rollrun.core.journal.RunStore;
import dev.rollrun.core.problem.UsageException;
import dev.rollrun.core.text.Redactor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rollrun report [RUN-ID]}: makes a run's report again from its journal (any run, a crashed
 * one included; a dry run from its record), writes {@code report.md} and {@code report.html} beside
 * it, and prints the HTML report's path, or the Markdown itself; {@code --open} opens the HTML.
 */
@Command(
    name = "report",
    description =
        "Make a run's report (report.md, report.html) again from its journal and print where it is; the last run when no RUN-ID is given.",
    mixinStandardHelpOptions = true)
final class ReportCommand implements Callable<Integer> {

  /** What to print. */
  enum Format {
    path,
    markdown,
    html
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      paramLabel = "RUN-ID",
      arity = "0..1",
      description = "The run (rollrun runs lists them); default: the last run or dry run.")
  String runId;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "path",
      description =
          "What to print: path (of report.html), markdown, html. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--open", description = "Open report.html in the desktop's browser.")
  boolean open;

  @Mixin StateDir stateDir;

  @Override
  public Integer call() throws IOException {
    RunStore store = stateDir.store();
    String id = runId;
    if (id == null) {
      List<String> ids = store.recordIds();
      if (ids.isEmpty()) {
        throw new UsageException("no runs in " + store.runs() + ": nothing to report");
      }
      id = ids.get(ids.size() - 1);
    }
    String wanted = id;
    Journal journal =
        store
            .record(id)
            .orElseThrow(
                () ->
                    new UsageException(
                        "no run \""
                            + wanted
                            + "\" in "
                            + store.runs()
                            + " (rollrun runs lists the runs kept there)"));
    RunReports.Written written = RunReports.write(journal, Redactor.NONE);
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case path -> out.println(written.html());
      case markdown -> out.print(Files.readString(written.markdown(), StandardCharsets.UTF_8));
      case html -> out.print(Files.readString(written.html(), StandardCharsets.UTF_8));
    }
    out.flush();
    if (open) {
      openInBrowser(written.html());
    }
    return ExitCodes.OK;
  }

  /** {@code xdg-open} (or macOS's {@code open}); a usage error naming the file when neither is. */
  private static void openInBrowser(java.nio.file.Path html) throws IOException {
    for (String opener : List.of("xdg-open", "open")) {
      for (String dir :
          System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
        if (!dir.isEmpty() && Files.isExecutable(java.nio.file.Path.of(dir, opener))) {
          new ProcessBuilder(opener, html.toString())
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
          return;
        }
      }
    }
    throw new UsageException(
        "--open: neither xdg-open nor open is installed; open " + html + " in a browser");
  }
}
