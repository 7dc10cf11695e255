package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The README's main command: the demo playbook rolls its embedded fleet for real. */
class DemoPlaybookTest {

  @Test
  void demoPlaybookRollsEveryNodeOfItsEmbeddedFleet() {
    CommandLineRun run = CommandLineRun.of("playbooks/demo.yml", "--commit", "--yes");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("roll done: 5 of 5 node(s) done"), run.out());
    for (int i = 1; i <= 5; i++) {
      assertTrue(
          run.out().contains("demo-" + i + "       start       run    demo-service start  ok"),
          run.out());
    }
    int canaryHealthy = run.out().indexOf("health after batch 1 (demo-1): healthy after ");
    assertTrue(canaryHealthy > 0, run.out());
    assertTrue(
        run.out().indexOf("(checked demo-1, demo-2, demo-3, demo-4, demo-5)", canaryHealthy) > 0,
        "every gate checks the whole fleet: " + run.out());
    assertTrue(run.out().indexOf("batch 2 of 3: demo-2, demo-3") > canaryHealthy, run.out());
  }

  @Test
  void demoDryRunConnectsChecksAndChangesNothing() {
    CommandLineRun run = CommandLineRun.of("playbooks/demo.yml");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("every host answered and the cluster is healthy"), run.out());
    assertTrue(!run.out().contains("demo-service stop  ok"), run.out());
  }

  @Test
  void commitWithoutATerminalOrYesRefusesToStart() {
    CommandLineRun run = CommandLineRun.of("playbooks/demo.yml", "--commit");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("pass --yes"), run.err());
    assertEquals("", run.out());
  }
}
