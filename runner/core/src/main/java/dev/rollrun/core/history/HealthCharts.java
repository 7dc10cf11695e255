package dev.rollrun.core.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health values over the run, as small inline SVG line charts on the timeline's time axis: each
 * gate's healthy streak against what it needs; for each condition, the share of nodes where it held
 * at each check; and for each condition whose values are numbers, those values (the aggregate of a
 * cluster condition and each node's), one line per series.
 */
final class HealthCharts {

  static final int MAX_SERIES = 8;
  private static final double HEIGHT = 130;
  private static final String[] COLOURS = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"
  };

  private HealthCharts() {}

  /** A chart with its title, as an HTML figure. */
  record Chart(String title, String svg) {}

  static List<Chart> of(RunHistory run) {
    List<Chart> charts = new ArrayList<>();
    if (run.checks().isEmpty()) {
      return charts;
    }
    Instant end = run.ended() != null ? run.ended() : run.started();
    TimeAxis axis =
        new TimeAxis(
            run.started(),
            end,
            TimelineChart.LABELS,
            TimelineChart.WIDTH - TimelineChart.LABELS - 12);
    charts.add(new Chart("Healthy checks in a row, of those each gate needs", streak(run, axis)));
    charts.add(new Chart("Conditions holding (share of the nodes checked)", holding(run, axis)));
    numeric(run)
        .forEach((condition, series) -> charts.add(new Chart(condition, values(series, axis))));
    return charts;
  }

  private static String open(String label) {
    return String.format(
        "<svg class=\"chart\" role=\"img\" aria-label=\"%s\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" xmlns=\"http://www.w3.org/2000/svg\">",
        Html.escape(label), TimelineChart.WIDTH, HEIGHT + 40, TimelineChart.WIDTH, HEIGHT + 40);
  }

  private static double y(double fraction) {
    return 10 + HEIGHT * (1 - Math.max(0, Math.min(1, fraction)));
  }

  private static String yLabels(String top, String bottom) {
    return String.format(
        "<g class=\"axis\"><text x=\"%.1f\" y=\"%.1f\">%s</text><text x=\"%.1f\" y=\"%.1f\">%s</text></g>",
        TimelineChart.LABELS + 4,
        y(1) + 12,
        Html.escape(top),
        TimelineChart.LABELS + 4,
        y(0) - 4,
        Html.escape(bottom));
  }

  private static String streak(RunHistory run, TimeAxis axis) {
    StringBuilder out = new StringBuilder(open("healthy checks in a row"));
    out.append(axis.svg(10, y(0))).append(yLabels("passes", "0"));
    out.append(
        String.format(
            "<line class=\"target\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
            axis.left, y(1), axis.left + axis.width, y(1)));
    Map<String, List<RunHistory.Check>> byGate = new LinkedHashMap<>();
    run.checks().forEach(c -> byGate.computeIfAbsent(c.gate(), g -> new ArrayList<>()).add(c));
    byGate.forEach(
        (gate, checks) -> {
          StringBuilder points = new StringBuilder();
          double lastY = y(0);
          for (RunHistory.Check c : checks) {
            double x = axis.x(c.time());
            double yy = y(c.consecutive() == 0 ? 1 : (double) c.healthyInARow() / c.consecutive());
            points.append(String.format("%.1f,%.1f %.1f,%.1f ", x, lastY, x, yy));
            lastY = yy;
          }
          out.append(
              String.format(
                  "<polyline class=\"series streak\" points=\"%s\"><title>%s</title></polyline>",
                  points.toString().strip(), Html.escape(gate)));
        });
    return out.append("</svg>").toString();
  }

  private static String holding(RunHistory run, TimeAxis axis) {
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (RunHistory.Check c : run.checks()) {
      Map<String, int[]> counts = new LinkedHashMap<>();
      for (RunHistory.Seen s : c.values()) {
        int[] n = counts.computeIfAbsent(s.condition(), k -> new int[2]);
        n[1]++;
        if (s.holds()) {
          n[0]++;
        }
      }
      long x = java.time.Duration.between(axis.start, c.time()).toMillis();
      counts.forEach(
          (condition, n) ->
              series
                  .computeIfAbsent(condition, k -> new ArrayList<>())
                  .add(new double[] {x, (double) n[0] / n[1]}));
    }
    StringBuilder out = new StringBuilder(open("conditions holding"));
    out.append(axis.svg(10, y(0))).append(yLabels("100%", "0%"));
    out.append(lines(series, axis, 0, 1));
    return out.append("</svg>").toString();
  }

  /** Numeric series per condition: {@code condition -> series name -> (ms, value)}. */
  private static Map<String, Map<String, List<double[]>>> numeric(RunHistory run) {
    Map<String, Map<String, List<double[]>>> all = new LinkedHashMap<>();
    for (RunHistory.Check c : run.checks()) {
      long x = java.time.Duration.between(run.started(), c.time()).toMillis();
      for (RunHistory.Seen s : c.values()) {
        Double v = number(s.value());
        if (v == null) {
          continue;
        }
        all.computeIfAbsent(s.condition(), k -> new LinkedHashMap<>())
            .computeIfAbsent(s.host() == null ? "cluster" : s.host(), k -> new ArrayList<>())
            .add(new double[] {x, v});
      }
    }
    all.values().removeIf(m -> m.values().stream().mapToInt(List::size).sum() < 2);
    return all;
  }

  private static Double number(String value) {
    if (value == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(value.strip());
      return Double.isFinite(d) ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String values(Map<String, List<double[]>> series, TimeAxis axis) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (List<double[]> points : series.values()) {
      for (double[] p : points) {
        min = Math.min(min, p[1]);
        max = Math.max(max, p[1]);
      }
    }
    if (max - min < 1e-9) {
      max = min + 1;
    }
    StringBuilder out = new StringBuilder(open("values"));
    out.append(axis.svg(10, y(0))).append(yLabels(format(max), format(min)));
    out.append(lines(series, axis, min, max));
    return out.append("</svg>").toString();
  }

  private static String format(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format("%.2f", v);
  }

  private static String lines(
      Map<String, List<double[]>> series, TimeAxis axis, double min, double max) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    double legendY = 10;
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      if (i == MAX_SERIES) {
        out.append(
            String.format(
                "<text class=\"legend\" x=\"8\" y=\"%.1f\">and %d more</text>",
                legendY + 4, series.size() - MAX_SERIES));
        break;
      }
      String colour = COLOURS[i % COLOURS.length];
      StringBuilder points = new StringBuilder();
      for (double[] p : e.getValue()) {
        double x = axis.left + axis.width * Math.min(1, p[0] / axis.spanMillis);
        points.append(String.format("%.1f,%.1f ", x, y((p[1] - min) / (max - min))));
      }
      out.append(
          String.format(
              "<polyline class=\"series\" stroke=\"%s\" points=\"%s\"><title>%s</title></polyline>",
              colour, points.toString().strip(), Html.escape(e.getKey())));
      String name = e.getKey().length() > 22 ? e.getKey().substring(0, 21) + "…" : e.getKey();
      out.append(
          String.format(
              "<rect x=\"4\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"%s\"/><text class=\"legend\" x=\"16\" y=\"%.1f\">%s<title>%s</title></text>",
              legendY - 4, colour, legendY + 4, Html.escape(name), Html.escape(e.getKey())));
      legendY += 15;
      i++;
    }
    return out.toString();
  }
}
