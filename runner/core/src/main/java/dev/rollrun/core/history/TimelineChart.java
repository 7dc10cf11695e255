package dev.rollrun.core.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The run as a Gantt chart in inline SVG: a row for the cluster (its steps, gates and pauses) and
 * one per node, each step a bar coloured by its phase, the wait for health after it, a red line
 * under the time the node's service was down (from its stop command to the end of its start
 * command), failures outlined. Each bar's tooltip names it and its duration.
 */
final class TimelineChart {

  static final double WIDTH = 960;
  static final double LABELS = 150;
  static final double ROW = 24;

  private TimelineChart() {}

  static String svg(RunHistory run) {
    Instant end = run.ended() != null ? run.ended() : run.started();
    TimeAxis axis = new TimeAxis(run.started(), end, LABELS, WIDTH - LABELS - 12);
    List<String> rows = new ArrayList<>();
    rows.add("cluster");
    run.nodes().forEach(n -> rows.add(n.host()));
    double height = 10 + rows.size() * ROW + 24;
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "<svg class=\"timeline\" role=\"img\" aria-label=\"timeline of the run\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" xmlns=\"http://www.w3.org/2000/svg\">",
            WIDTH, height, WIDTH, height));
    double axisY = 10 + rows.size() * ROW;
    out.append(axis.svg(6, axisY));
    for (int i = 0; i < rows.size(); i++) {
      double y = 10 + i * ROW;
      out.append(
          String.format(
              "<text class=\"row\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
              LABELS - 8, y + 15, Html.escape(rows.get(i))));
    }
    for (RunHistory.Segment s : run.cluster()) {
      out.append(bar(axis, s, 10, end, "cluster"));
    }
    for (int i = 0; i < run.nodes().size(); i++) {
      RunHistory.Node node = run.nodes().get(i);
      double y = 10 + (i + 1) * ROW;
      Instant downFrom = null;
      Instant downTo = null;
      for (RunHistory.Segment s : node.segments()) {
        out.append(bar(axis, s, y, end, node.host()));
        if (s.kind().equals("stop") && downFrom == null) {
          downFrom = s.start();
        }
        if (s.kind().equals("start")) {
          downTo = s.end() != null ? s.end() : end;
        }
      }
      if (downFrom != null) {
        Instant to = downTo != null ? downTo : end;
        double x1 = axis.x(downFrom);
        double x2 = Math.max(x1 + 2, axis.x(to));
        out.append(
            String.format(
                "<rect class=\"down\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"3\"><title>%s: service down %s</title></rect>",
                x1, y + 18, x2 - x1, Html.escape(node.host()), seconds(downFrom, to)));
      }
    }
    return out.append("</svg>").toString();
  }

  private static String bar(
      TimeAxis axis, RunHistory.Segment s, double y, Instant end, String row) {
    Instant to = s.end() != null ? s.end() : end;
    double x1 = axis.x(s.start());
    double x2 = Math.max(x1 + 2, axis.x(to));
    String kind = s.kind().replaceAll("[^a-z-]", "-");
    return String.format(
        "<rect class=\"seg seg-%s%s%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" rx=\"2\"><title>%s: %s (%s) %s%s</title></rect>",
        kind,
        s.failed() ? " failed" : "",
        s.end() == null ? " unfinished" : "",
        x1,
        y + 2,
        x2 - x1,
        Html.escape(row),
        Html.escape(s.label()),
        Html.escape(s.kind()),
        seconds(s.start(), to),
        s.failed() ? ", FAILED" : s.end() == null ? ", never ended" : "");
  }

  static String seconds(Instant from, Instant to) {
    long ms = java.time.Duration.between(from, to).toMillis();
    return ms < 10_000 ? ms + "ms" : String.format("%.1fs", ms / 1000.0);
  }

  /** The kinds of bars, in the order the legend lists them. */
  static final List<String[]> LEGEND =
      List.of(
          new String[] {"pre-stop", "pre-stop steps"},
          new String[] {"stop", "stop"},
          new String[] {"post-stop", "post-stop, script, pre-start"},
          new String[] {"start", "start"},
          new String[] {"post-start", "post-start steps"},
          new String[] {"health", "waiting for health"},
          new String[] {"gate", "cluster health gate"},
          new String[] {"cluster-step", "pre/post-cluster step"},
          new String[] {"pause", "pause"});
}
