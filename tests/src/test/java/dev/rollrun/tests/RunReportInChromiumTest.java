package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After every run, its report beside the journal: a real roll of the demo fleet, its report.html
 * drawn by headless Chromium (the charts drawn, no error logged), a failed roll whose report shows
 * the failure's output with its secret hidden, a dry run's report, and a crashed run's report made
 * again by {@code rollrun report}.
 */
class RunReportInChromiumTest {

  private static final Pattern REPORT = Pattern.compile("report: (\\S+report\\.html)");

  @TempDir Path dir;

  private Path state() {
    return dir.resolve("state");
  }

  private static Path reportOf(CommandLineRun run) {
    Matcher m = REPORT.matcher(run.out());
    assertTrue(m.find(), "the run says where its report is: " + run.out() + run.err());
    return Path.of(m.group(1));
  }

  @Test
  void aRollsReportIsDrawnInChromiumWithItsTimelineAndHealthChartsAndNoError() throws Exception {
    CommandLineRun roll =
        CommandLineRun.of(
            "playbooks/demo.yml", "--commit", "--yes", "--state-dir", state().toString());
    assertEquals(0, roll.exitCode(), roll.out() + roll.err());
    Path html = reportOf(roll);
    assertEquals(state().resolve("runs"), html.getParent().getParent());
    assertTrue(Files.exists(html.resolveSibling("journal.jsonl")));
    String page = Files.readString(html);
    assertFalse(
        Pattern.compile("(src|href)=\"(https?:)?//").matcher(page).find(), "self-contained");
    assertFalse(page.contains("<script"), page);
    String md = Files.readString(html.resolveSibling("report.md"));
    assertTrue(md.contains("— **done**"), md);
    assertTrue(md.contains("| demo-3 | 2 | done |"), md);
    assertTrue(md.contains("health after batch 2 (demo-2, demo-3): healthy after"), md);

    try (HeadlessChromium chromium = HeadlessChromium.start(dir.resolve("chromium"), 1100, 900)) {
      chromium.open(html.toUri().toString());
      JsonNode drawn =
          chromium.evaluate(
              """
              (() => {
                const box = e => { const r = e.getBoundingClientRect();
                  return {x: r.x, y: r.y + window.scrollY, w: r.width, h: r.height}; };
                const timeline = document.querySelector('svg.timeline');
                return {
                  timeline: box(timeline),
                  bars: [...timeline.querySelectorAll('rect.seg')]
                      .filter(r => r.getBoundingClientRect().width > 0).length,
                  down: timeline.querySelectorAll('rect.down').length,
                  charts: [...document.querySelectorAll('svg.chart')].map(box),
                  lines: [...document.querySelectorAll('svg.chart polyline')]
                      .filter(p => p.getBBox().width > 100).length,
                  height: document.documentElement.scrollHeight
                };
              })()
              """);
      assertTrue(drawn.path("timeline").path("w").asDouble() > 500, drawn.toString());
      assertTrue(drawn.path("timeline").path("h").asDouble() > 100, drawn.toString());
      // 5 nodes x (pre-stop, stop, start, post-start, health wait), and the cluster's gates.
      assertTrue(drawn.path("bars").asInt() >= 25, drawn.toString());
      assertEquals(5, drawn.path("down").asInt(), "each node's service was down once: " + drawn);
      assertTrue(drawn.path("charts").size() >= 2, drawn.toString());
      assertTrue(drawn.path("lines").asInt() >= 3, "lines across the charts: " + drawn);

      BufferedImage shot = ImageIO.read(new ByteArrayInputStream(chromium.screenshot()));
      JsonNode t = drawn.path("timeline");
      double coloured =
          colouredShare(
              shot,
              t.path("x").asInt(),
              t.path("y").asInt(),
              t.path("w").asInt(),
              t.path("h").asInt());
      assertTrue(coloured > 0.05, "the timeline is painted, not blank: " + coloured);
      chromium.open("about:blank");
      BufferedImage blank = ImageIO.read(new ByteArrayInputStream(chromium.screenshot()));
      assertTrue(
          colouredShare(
                  blank,
                  t.path("x").asInt(),
                  t.path("y").asInt(),
                  t.path("w").asInt(),
                  Math.min(t.path("h").asInt(), blank.getHeight() - t.path("y").asInt() - 1))
              < 0.001,
          "a blank page has no colour there");
      assertEquals(List.of(), chromium.errors(), "the page logged no error");
    }
  }

  /** The share of the pixels in a box that are neither white nor grey. */
  private static double colouredShare(BufferedImage image, int x0, int y0, int w, int h) {
    int coloured = 0;
    int all = 0;
    for (int y = Math.max(0, y0); y < Math.min(image.getHeight(), y0 + h); y++) {
      for (int x = Math.max(0, x0); x < Math.min(image.getWidth(), x0 + w); x++) {
        int rgb = image.getRGB(x, y);
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        all++;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 40) {
          coloured++;
        }
      }
    }
    return all == 0 ? 0 : (double) coloured / all;
  }

  @Test
  void aFailedRollsReportShowsTheFailureAndItsOutputWithTheSecretHidden() throws Exception {
    Path secrets = dir.resolve("secrets.yml");
    Files.writeString(secrets, "token: s3cr3t-Tok3n-42\n");
    Path playbook = dir.resolve("failing.yml");
    Files.writeString(
        playbook,
        """
        name: failing demo
        inventory: demo:2
        service: { name: demo, stop: demo-service stop, start: demo-service start }
        health:
          interval: 200ms
          consecutive: 1
          timeout: 20s
          all: [ { tcp: { port: "{{ host.vars.service_port }}" } } ]
        steps:
          post-stop:
            - name: check
              run: "echo using {{ vars.token }}; echo the disk is full >&2; exit 7"
        """);
    CommandLineRun roll =
        CommandLineRun.of(
            playbook.toString(),
            "--commit",
            "--yes",
            "-e",
            "@" + secrets,
            "--state-dir",
            state().toString());
    assertEquals(3, roll.exitCode(), roll.out() + roll.err());
    Path html = reportOf(roll);
    String md = Files.readString(html.resolveSibling("report.md"));
    String page = Files.readString(html);
    for (String report : List.of(md, page)) {
      assertFalse(report.contains("s3cr3t-Tok3n-42"), "the secret never reaches the report");
      assertTrue(report.contains("the disk is full"), "the failure's output: " + report);
      assertTrue(report.contains("demo-1, step post-stop[0]"), report);
    }
    assertTrue(md.contains("— **failed**"), md);
    assertTrue(md.contains("| using <secret:token>"), "the secret as its placeholder: " + md);
    assertTrue(page.contains("seg-post-stop failed"), "the failed step drawn as failed");
  }

  @Test
  void aDryRunHasAReportAndRollrunReportRebuildsACrashedRunsFromItsJournal() throws Exception {
    CommandLineRun dry = CommandLineRun.of("playbooks/demo.yml", "--state-dir", state().toString());
    assertEquals(0, dry.exitCode(), dry.out() + dry.err());
    Path dryReport = reportOf(dry);
    assertTrue(Files.exists(dryReport.resolveSibling("dry-run.jsonl")));
    assertTrue(
        Files.readString(dryReport.resolveSibling("report.md"))
            .contains("dry run: demo rolling restart — **ready to roll**"));

    CommandLineRun roll =
        CommandLineRun.of(
            "playbooks/demo.yml", "--commit", "--yes", "--state-dir", state().toString());
    assertEquals(0, roll.exitCode(), roll.out() + roll.err());
    Path html = reportOf(roll);
    String runId = html.getParent().getFileName().toString();
    // As if the process had been killed in batch 3: the journal stops there, no report.
    Path journal = html.resolveSibling("journal.jsonl");
    List<String> lines = Files.readAllLines(journal);
    int cut = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains("\"type\":\"batch-started\"")
          && lines.get(i).contains("\"batch\":3")) {
        cut = i + 6;
      }
    }
    Files.write(journal, lines.subList(0, cut));
    Files.delete(html);
    Files.delete(html.resolveSibling("report.md"));
    CommandLineRun report =
        CommandLineRun.of(
            "report", runId, "--format", "markdown", "--state-dir", state().toString());
    assertEquals(0, report.exitCode(), report.out() + report.err());
    assertTrue(report.out().contains("**ended without a word (killed or crashed)**"), report.out());
    assertTrue(report.out().contains("| demo-1 | 1 | done |"), report.out());
    assertTrue(Files.exists(html), "report.html made again");
    CommandLineRun path = CommandLineRun.of("report", "--state-dir", state().toString());
    assertEquals(html.toString(), path.out().strip(), "the last run's report by default");
    CommandLineRun missing = CommandLineRun.of("report", "nope", "--state-dir", state().toString());
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().contains("no run \"nope\""), missing.err());
  }
}
