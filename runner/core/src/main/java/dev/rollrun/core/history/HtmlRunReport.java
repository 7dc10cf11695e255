package dev.rollrun.core.history;

import java.time.Duration;
import java.util.List;

/**
 * A run's report as one self-contained HTML page ({@code report.html}): no script, no external
 * style sheet, font or image, so that it can be mailed, attached to a ticket or opened years later.
 * Everything taken from the run is escaped ({@link Html}).
 */
public final class HtmlRunReport {

  private static final String STYLE =
      """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1b1f24;max-width:1000px}
      h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d8dee4;padding-bottom:4px}
      .outcome{display:inline-block;padding:2px 10px;border-radius:12px;font-weight:600;color:#fff}
      .ok{background:#1a7f37}.bad{background:#cf222e}.neutral{background:#9a6700}
      table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #d8dee4;padding:3px 8px;text-align:left;vertical-align:top}
      th{background:#f6f8fa}code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12.5px}
      pre{background:#f6f8fa;padding:8px;overflow-x:auto;white-space:pre-wrap}
      svg{display:block;max-width:100%;height:auto}svg text{font:11px system-ui,sans-serif;fill:#444}
      .axis line{stroke:#888}.axis line.grid{stroke:#e5e5e5}.target{stroke:#1a7f37;stroke-dasharray:4 3}
      .seg{stroke:none}.seg.failed{stroke:#cf222e;stroke-width:2}.seg.unfinished{opacity:.55}
      .seg-pre-stop{fill:#8da0cb}.seg-stop{fill:#e78ac3}.seg-post-stop,.seg-script,.seg-pre-start{fill:#bdbdbd}
      .seg-start{fill:#66c2a5}.seg-post-start{fill:#a6d854}.seg-health{fill:#ffd92f}.seg-gate{fill:#fdb462}
      .seg-cluster-step{fill:#80b1d3}.seg-pause{fill:#e0e0e0}.down{fill:#cf222e}
      .series{fill:none;stroke-width:1.8}.streak{stroke:#1f77b4}
      .legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px;vertical-align:middle}
      figure{margin:12px 0}figcaption{margin:0 0 2px 150px;font-weight:600}
      .key-pre-stop{background:#8da0cb}.key-stop{background:#e78ac3}.key-post-stop{background:#bdbdbd}
      .key-start{background:#66c2a5}.key-post-start{background:#a6d854}.key-health{background:#ffd92f}
      .key-gate{background:#fdb462}.key-cluster-step{background:#80b1d3}.key-pause{background:#e0e0e0}
      .key-down{background:#cf222e;height:3px!important}
      """;

  public String render(RunHistory run) {
    StringBuilder out = new StringBuilder(16_384);
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<link rel=\"icon\" href=\"data:,\">")
        .append("<title>rollrun report: ")
        .append(Html.escape(run.playbook()))
        .append(" (")
        .append(Html.escape(run.header().runId()))
        .append(")</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n");
    out.append("<h1>")
        .append(run.commit() ? "Roll of " : "Dry run of ")
        .append(Html.escape(run.playbook()))
        .append("</h1>\n<p><span class=\"outcome ")
        .append(run.ok() ? "ok" : run.outcome().equals(RunHistory.CRASHED) ? "neutral" : "bad")
        .append("\">")
        .append(Html.escape(run.outcome()))
        .append("</span> ")
        .append(doneCount(run))
        .append(run.message() == null ? "" : " — " + Html.escape(run.message()))
        .append("</p>\n");
    out.append("<table class=\"facts\">");
    for (String[] fact : RunReportFacts.of(run)) {
      out.append("<tr><th>")
          .append(Html.escape(fact[0]))
          .append("</th><td>")
          .append(Html.escape(fact[1]))
          .append("</td></tr>");
    }
    out.append("</table>\n");

    out.append("<h2>Timeline</h2>\n").append(TimelineChart.svg(run)).append('\n');
    out.append("<p class=\"legend\">");
    for (String[] kind : TimelineChart.LEGEND) {
      out.append("<span class=\"key-")
          .append(kind[0])
          .append("\"></span>")
          .append(Html.escape(kind[1]));
    }
    out.append("<span class=\"key-down\"></span>service down</p>\n");

    List<HealthCharts.Chart> charts = HealthCharts.of(run);
    out.append("<h2>Health over time</h2>\n");
    if (charts.isEmpty()) {
      out.append("<p>No health gate was checked.</p>\n");
    }
    for (HealthCharts.Chart chart : charts) {
      out.append("<figure><figcaption>")
          .append(Html.escape(chart.title()))
          .append("</figcaption>")
          .append(chart.svg())
          .append("</figure>\n");
    }

    out.append(
        "<h2>Nodes</h2>\n<table><tr><th>node</th><th>batch</th><th>state</th><th>took</th></tr>");
    for (RunHistory.Node node : run.nodes()) {
      out.append("<tr><td>")
          .append(Html.escape(node.host()))
          .append("</td><td>")
          .append(node.batch() == 0 ? "" : node.batch())
          .append("</td><td>")
          .append(Html.escape(node.state()))
          .append("</td><td>")
          .append(node.took() == null ? "" : seconds(node.took()))
          .append("</td></tr>");
    }
    out.append("</table>\n");

    out.append("<h2>Failures</h2>\n");
    if (run.failures().isEmpty()) {
      out.append("<p>None.</p>\n");
    }
    for (RunHistory.Failure f : run.failures()) {
      out.append("<h3>")
          .append(Html.escape(f.what()))
          .append("</h3>\n<p>")
          .append(Html.escape(f.reason()))
          .append("</p>\n");
      if (!f.output().isEmpty()) {
        out.append("<pre>").append(Html.escape(String.join("\n", f.output()))).append("</pre>\n");
      }
    }
    if (!run.warnings().isEmpty()) {
      out.append("<h2>Warnings</h2>\n<ul>");
      run.warnings().forEach(w -> out.append("<li>").append(Html.escape(w)).append("</li>"));
      out.append("</ul>\n");
    }
    out.append(
            "<p><small>Made by rollrun from the run's journal; rebuild it with <code>rollrun report ")
        .append(Html.escape(run.header().runId()))
        .append("</code>.</small></p>\n</body></html>\n");
    return out.toString();
  }

  static String doneCount(RunHistory run) {
    long done = run.nodes().stream().filter(n -> n.state().equals("done")).count();
    return run.commit()
        ? done + " of " + run.nodes().size() + " node(s) done in " + seconds(run.took())
        : run.nodes().size() + " node(s) checked in " + seconds(run.took());
  }

  static String seconds(Duration d) {
    long ms = d.toMillis();
    if (ms < 60_000) {
      return String.format("%.1fs", ms / 1000.0);
    }
    long s = d.toSeconds();
    return s / 60 + "m" + String.format("%02d", s % 60) + "s";
  }
}
