package dev.rollrun.core.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's time from its start to its end, mapped onto the x axis of the report's charts, with
 * ticks at round seconds or minutes.
 */
final class TimeAxis {

  private static final long[] STEPS = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800
  };

  final Instant start;
  final long spanMillis;
  final double left;
  final double width;

  TimeAxis(Instant start, Instant end, double left, double width) {
    this.start = start;
    this.spanMillis = Math.max(1000, Duration.between(start, end).toMillis());
    this.left = left;
    this.width = width;
  }

  double x(Instant t) {
    long ms = Math.max(0, Math.min(spanMillis, Duration.between(start, t).toMillis()));
    return left + width * ms / spanMillis;
  }

  /** Seconds from the start at which to draw a tick, about 8 of them. */
  List<Long> ticks() {
    long step = STEPS[STEPS.length - 1];
    for (long s : STEPS) {
      if (spanMillis / 1000.0 / s <= 10) {
        step = s;
        break;
      }
    }
    List<Long> ticks = new ArrayList<>();
    for (long s = 0; s * 1000 <= spanMillis; s += step) {
      ticks.add(s);
    }
    return ticks;
  }

  static String label(long seconds) {
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds % 60 == 0 ? seconds / 60 + "m" : seconds / 60 + "m" + seconds % 60 + "s";
    }
    return seconds / 3600 + "h" + (seconds % 3600 == 0 ? "" : (seconds % 3600) / 60 + "m");
  }

  /** The axis line, its ticks and labels, at height {@code y}; grid lines up to {@code top}. */
  String svg(double top, double y) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "<g class=\"axis\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
            left, y, left + width, y));
    for (long s : ticks()) {
      double x = left + width * s * 1000 / spanMillis;
      out.append(
          String.format(
              "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
              x, top, x, y));
      out.append(
          String.format(
              "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", x, y + 14, label(s)));
    }
    return out.append("</g>").toString();
  }
}
