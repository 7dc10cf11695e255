package dev.rollrun.cli;

import dev.rollrun.core.event.Observation;
import dev.rollrun.core.text.Durations;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Status;
import sun.misc.Signal;

/**
 * The console on a terminal: the lines scroll as usual, and under them a few live lines (JLine's
 * {@link Status}, drawn in the terminal's own scroll region) say where the run stands: nodes done
 * of all, the batch, the time since the start and an estimate of the time left, each node part way
 * with its state and step, and, while a health gate is awaited, its healthy streak and the values
 * its last check saw. They are redrawn on every event and every second, and when the window is
 * resized. Colour unless {@code NO_COLOR} is set; styles are JLine's, written in the terminal's own
 * capabilities.
 */
final class LiveOutput implements ConsoleOutput {

  private static final int NODES_SHOWN = 3;

  private final Terminal terminal;
  private final Status status;
  private final boolean color;
  private final Clock clock;
  private final ScheduledExecutorService ticker;
  private final AtomicBoolean resized = new AtomicBoolean();
  private RunProgress progress;
  private boolean closed;

  LiveOutput(Terminal terminal, boolean color, Clock clock) {
    this.terminal = terminal;
    this.color = color;
    this.clock = clock;
    this.status = new Status(terminal);
    try {
      Signal.handle(new Signal("WINCH"), s -> resized.set(true));
    } catch (IllegalArgumentException e) {
      // no SIGWINCH here: the size is read once
    }
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rollrun-live-view");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(this::redraw, 1, 1, TimeUnit.SECONDS);
  }

  @Override
  public synchronized void line(java.time.Instant time, String text) {
    if (closed) {
      return;
    }
    terminal.writer().println(text);
    terminal.flush();
  }

  @Override
  public String paint(String text, Tone tone) {
    return color ? new AttributedString(text, style(tone)).toAnsi(terminal) : text;
  }

  private AttributedStyle style(Tone tone) {
    return switch (tone) {
      case GOOD -> AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
      case BAD -> AttributedStyle.BOLD.foreground(AttributedStyle.RED);
      case NOTE -> AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    };
  }

  @Override
  public synchronized void progress(RunProgress progress) {
    this.progress = progress;
    draw();
  }

  private synchronized void redraw() {
    draw();
  }

  private void draw() {
    if (closed || progress == null) {
      return;
    }
    if (resized.getAndSet(false)) {
      status.resize();
    }
    status.update(progress.over() ? List.of() : lines(progress));
  }

  @Override
  public synchronized <T> T aside(Supplier<T> prompt) {
    status.update(List.of());
    status.suspend();
    try {
      return prompt.get();
    } finally {
      status.restore();
      draw();
    }
  }

  /**
   * The live lines: always {@link #HEIGHT} of them, so that the area under the log keeps its size
   * (JLine redraws a status area that changes height from the wrong rows).
   *
   * <ol>
   *   <li>the run: nodes done of all, the batch, time elapsed and about how much is left;
   *   <li>the nodes part way, each with its state, the step it is on and for how long;
   *   <li>the gate awaited: its healthy streak, time spent of its timeout, why the last check was
   *       unhealthy;
   *   <li>what that check saw: each cluster condition's value, how many nodes hold each of the
   *       others.
   * </ol>
   */
  List<AttributedString> lines(RunProgress p) {
    List<AttributedString> lines = new ArrayList<>();
    java.time.Instant now = clock.instant();
    AttributedStringBuilder head = new AttributedStringBuilder();
    head.append(p.commit() ? "rolling " : "dry run of ", AttributedStyle.BOLD)
        .append(p.playbook(), AttributedStyle.BOLD);
    if (p.commit() && p.nodes() > 0) {
      head.append("  ").append(bar(p.nodesDone(), p.nodes(), 20)).append(' ');
      head.append(p.nodesDone() + "/" + p.nodes() + " nodes done");
      if (p.batch() > 0) {
        head.append(" · batch " + p.batch() + " of " + p.batches());
      }
    }
    head.append(" · " + clock(p.elapsed(now)) + " elapsed");
    p.remaining(now)
        .ifPresentOrElse(
            left -> head.append(" · about " + clock(left) + " left"),
            () -> {
              if (p.commit() && p.batch() > 0) {
                head.append(" · time left: known after the first batch");
              }
            });
    lines.add(head.toAttributedString());
    List<RunProgress.NodeNow> nodes = p.inFlight();
    AttributedStringBuilder part = new AttributedStringBuilder();
    for (int i = 0; i < nodes.size() && i < NODES_SHOWN; i++) {
      RunProgress.NodeNow n = nodes.get(i);
      part.append(i == 0 ? "  " : " · ")
          .append(n.host(), AttributedStyle.BOLD)
          .append(" ")
          .append(String.valueOf(n.state()), tone(n))
          .append(n.step() == null ? "" : " " + n.step())
          .append(" " + seconds(Duration.between(n.since(), now)));
    }
    if (nodes.size() > NODES_SHOWN) {
      part.append(" · and " + (nodes.size() - NODES_SHOWN) + " more part way");
    }
    lines.add(part.toAttributedString());
    java.util.Optional<RunProgress.GateNow> gate = p.gate();
    if (gate.isPresent()) {
      RunProgress.GateNow g = gate.get();
      AttributedStringBuilder line = new AttributedStringBuilder();
      line.append("  ")
          .append(g.gate(), AttributedStyle.BOLD)
          .append(": ")
          .append(
              g.healthyInARow() + "/" + g.consecutive() + " healthy in a row",
              g.problem() == null ? style(Tone.GOOD) : style(Tone.NOTE))
          .append(" · " + seconds(g.elapsed()) + " of " + seconds(g.timeout()));
      if (g.problem() != null) {
        line.append(" · ").append(g.problem(), style(Tone.NOTE));
      }
      lines.add(line.toAttributedString());
      lines.add(new AttributedString("    " + seen(g.observations())));
    } else {
      lines.add(AttributedString.EMPTY);
      lines.add(AttributedString.EMPTY);
    }
    if (!color) {
      lines.replaceAll(l -> new AttributedString(l.toString()));
    }
    return lines;
  }

  /** The number of live lines. */
  static final int HEIGHT = 4;

  /**
   * {@code URP sum=0 (kafka-1=0, ...); tcp 9092: 3 of 3 nodes}: cluster conditions with their
   * values, the others by how many nodes hold them (and the value when all nodes show one).
   */
  static String seen(List<Observation> observations) {
    List<String> parts = new ArrayList<>();
    java.util.Map<String, List<Observation>> perNode = new java.util.LinkedHashMap<>();
    for (Observation o : observations) {
      if (o.host() == null) {
        parts.add(o.summary());
      } else {
        perNode.computeIfAbsent(o.condition(), c -> new ArrayList<>()).add(o);
      }
    }
    perNode.forEach(
        (condition, each) -> {
          long holding = each.stream().filter(Observation::holds).count();
          String text = condition + ": " + holding + " of " + each.size() + " nodes";
          List<String> failing =
              each.stream().filter(o -> !o.holds()).map(Observation::host).limit(3).toList();
          if (!failing.isEmpty()) {
            text +=
                " (not "
                    + String.join(", ", failing)
                    + (holding + 3 < each.size() ? ", ..." : "")
                    + ")";
          }
          parts.add(text);
        });
    return String.join("; ", parts);
  }

  private AttributedStyle tone(RunProgress.NodeNow n) {
    return switch (n.state()) {
      case STOPPING, STOPPED -> style(Tone.NOTE);
      default -> AttributedStyle.DEFAULT;
    };
  }

  /** {@code [=======-------------]}: done of all, {@code width} characters wide. */
  static String bar(int done, int all, int width) {
    int filled = all == 0 ? 0 : (int) Math.round(width * (double) done / all);
    return "[" + "=".repeat(filled) + "-".repeat(width - filled) + "]";
  }

  /** {@code 0:42}, {@code 12:05}, {@code 1:02:03}. */
  static String clock(Duration d) {
    long s = Math.max(0, d.toSeconds());
    return s >= 3600
        ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }

  private static String seconds(Duration d) {
    long ms = Math.max(0, d.toMillis());
    return ms < 60_000
        ? String.format("%.1fs", ms / 1000.0)
        : Durations.format(Duration.ofSeconds(d.toSeconds()));
  }

  /** Takes the live lines away and gives the terminal its whole screen back. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ticker.shutdownNow();
    status.update(List.of());
    status.close();
    terminal.flush();
  }
}
