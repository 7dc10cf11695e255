package dev.rollrun.core.history;

/**
 * A run's report in Markdown ({@code report.md}), for a ticket, a chat or a pull request: the
 * facts, each node's state and time, what each node did when (a table of its steps), failures with
 * their output, warnings. The charts are the HTML report's.
 */
public final class MarkdownRunReport {

  private static final String NL = "\n";

  public String render(RunHistory run) {
    StringBuilder out = new StringBuilder(8_192);
    out.append("## rollrun ")
        .append(run.commit() ? "roll" : "dry run")
        .append(": ")
        .append(escape(run.playbook()))
        .append(" — **")
        .append(escape(run.outcome()))
        .append("**")
        .append(NL)
        .append(NL)
        .append(HtmlRunReport.doneCount(run))
        .append(run.message() == null ? "" : "; " + escape(run.message()))
        .append(NL)
        .append(NL);
    out.append("| | |").append(NL).append("|---|---|").append(NL);
    for (String[] fact : RunReportFacts.of(run)) {
      out.append("| ")
          .append(escape(fact[0]))
          .append(" | ")
          .append(code(fact[1]))
          .append(" |")
          .append(NL);
    }
    out.append(NL).append("### Nodes").append(NL).append(NL);
    out.append("| node | batch | state | took | steps (start +seconds: step, took) |")
        .append(NL)
        .append("|---|---|---|---|---|")
        .append(NL);
    for (RunHistory.Node node : run.nodes()) {
      StringBuilder steps = new StringBuilder();
      for (RunHistory.Segment s : node.segments()) {
        if (steps.length() > 0) {
          steps.append("; ");
        }
        steps
            .append('+')
            .append(
                String.format(
                    "%.1f",
                    java.time.Duration.between(run.started(), s.start()).toMillis() / 1000.0))
            .append(": ")
            .append(escape(s.label()))
            .append(", ")
            .append(s.end() == null ? "never ended" : TimelineChart.seconds(s.start(), s.end()))
            .append(s.failed() ? " **FAILED**" : "");
      }
      out.append("| ")
          .append(escape(node.host()))
          .append(" | ")
          .append(node.batch() == 0 ? "" : node.batch())
          .append(" | ")
          .append(escape(node.state()))
          .append(" | ")
          .append(node.took() == null ? "" : HtmlRunReport.seconds(node.took()))
          .append(" | ")
          .append(steps)
          .append(" |")
          .append(NL);
    }
    out.append(NL).append("### Health gates").append(NL).append(NL);
    if (run.cluster().stream().noneMatch(s -> s.kind().equals("gate"))) {
      out.append("None was checked.").append(NL);
    }
    for (RunHistory.Segment gate : run.cluster()) {
      if (gate.kind().equals("gate")) {
        out.append("- ")
            .append(escape(gate.label()))
            .append(": ")
            .append(
                gate.end() == null
                    ? "never ended"
                    : gate.failed()
                        ? "**NOT HEALTHY** after " + TimelineChart.seconds(gate.start(), gate.end())
                        : "healthy after " + TimelineChart.seconds(gate.start(), gate.end()))
            .append(NL);
      }
    }
    out.append(NL).append("### Failures").append(NL).append(NL);
    if (run.failures().isEmpty()) {
      out.append("None.").append(NL);
    }
    for (RunHistory.Failure f : run.failures()) {
      out.append("**")
          .append(escape(f.what()))
          .append("**: ")
          .append(escape(f.reason()))
          .append(NL);
      if (!f.output().isEmpty()) {
        out.append(NL).append("```").append(NL);
        f.output().forEach(l -> out.append(l.replace("```", "`\u200b``")).append(NL));
        out.append("```").append(NL);
      }
      out.append(NL);
    }
    if (!run.warnings().isEmpty()) {
      out.append(NL).append("### Warnings").append(NL).append(NL);
      run.warnings().forEach(w -> out.append("- ").append(escape(w)).append(NL));
    }
    out.append(NL)
        .append("_Rebuild with `rollrun report ")
        .append(run.header().runId())
        .append("`; the charts are in report.html._")
        .append(NL);
    return out.toString();
  }

  /** Text in a table or a line: no table break, no markup, no HTML. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("`", "\\`")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", " ");
  }

  private static String code(String text) {
    return text == null || text.isEmpty()
        ? ""
        : "`" + text.replace("`", "'").replace("|", "\\|") + "`";
  }
}
