package dev.rollrun.core.history;

import java.util.ArrayList;
import java.util.List;

/** The facts at the head of a report: which run, which plan, who ran it, where and when. */
final class RunReportFacts {

  private RunReportFacts() {}

  static List<String[]> of(RunHistory run) {
    var h = run.header();
    List<String[]> facts = new ArrayList<>();
    facts.add(new String[] {"run", h.runId()});
    facts.add(new String[] {"plan digest", h.planDigest()});
    facts.add(
        new String[] {"playbook", h.inputs().playbook() + " (sha-256 " + h.playbookDigest() + ")"});
    facts.add(
        new String[] {
          "inventory",
          (h.inputs().inventory() == null ? "the playbook's own" : h.inputs().inventory())
              + " (sha-256 "
              + h.inventoryDigest()
              + ")"
        });
    if (!h.inputs().limit().isEmpty()) {
      facts.add(new String[] {"--limit", String.join(",", h.inputs().limit())});
    }
    if (!h.inputs().extraVars().isEmpty()) {
      facts.add(new String[] {"-e", String.join(" ", h.inputs().extraVars())});
    }
    if (h.inputs().skip() > 0) {
      facts.add(new String[] {"--skip", Integer.toString(h.inputs().skip())});
    }
    facts.add(new String[] {"by", h.user() + "@" + h.machine() + " (pid " + h.pid() + ")"});
    facts.add(new String[] {"started", String.valueOf(run.started())});
    facts.add(new String[] {"ended", run.ended() == null ? "" : String.valueOf(run.ended())});
    facts.add(new String[] {"took", HtmlRunReport.seconds(run.took())});
    run.continued().forEach(c -> facts.add(new String[] {"resumed", c}));
    facts.add(new String[] {"lock", h.lock()});
    return facts;
  }
}
