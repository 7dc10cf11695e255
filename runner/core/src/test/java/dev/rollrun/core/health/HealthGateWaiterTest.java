package dev.rollrun.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import dev.rollrun.core.config.Where;
import dev.rollrun.core.event.RunEvent;
import dev.rollrun.core.plan.Command;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.plan.PlannedGate;
import dev.rollrun.core.ssh.ConnectionLostException;
import dev.rollrun.core.ssh.SshAuthenticationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthGateWaiterTest {

  private final FakeClock clock = new FakeClock();
  private final List<RunEvent> events = new ArrayList<>();
  private final Host host =
      new Host("k1", "127.0.0.1", 22, null, null, List.of(), null, null, Map.of());

  private static PlannedGate gate(int consecutive, Duration interval, Duration timeout) {
    return new PlannedGate(
        interval,
        consecutive,
        timeout,
        List.of(
            new PlannedCondition.CommandCheck(Command.plain("check"), Where.NODE, 0, null, false)));
  }

  /** A probe answering from a script: true healthy, false unhealthy; the last answer repeats. */
  private static ConditionProbe scripted(Boolean... answers) {
    Deque<Boolean> queue = new ArrayDeque<>(List.of(answers));
    return (h, c) -> {
      boolean healthy = queue.size() > 1 ? queue.poll() : queue.peek();
      return healthy ? Optional.empty() : Optional.of("unhealthy");
    };
  }

  private Duration await(ConditionProbe probe, PlannedGate gate) throws InterruptedException {
    HealthGateWaiter waiter = new HealthGateWaiter(probe, clock, clock.sleeper(), events::add);
    return waiter.await(
        "gate", gate, List.of(new HealthGateWaiter.Target(host, gate)), () -> false);
  }

  @Test
  void gatePassesAfterConsecutiveHealthyChecks() throws Exception {
    Duration took = await(scripted(true), gate(3, Duration.ofSeconds(10), Duration.ofMinutes(10)));
    assertEquals(Duration.ofSeconds(20), took);
    assertEquals(3, events.stream().filter(e -> e instanceof RunEvent.GateProgress).count());
  }

  @Test
  void gateResetsStreakOnUnhealthyCheck() throws Exception {
    Duration took =
        await(
            scripted(true, true, false, true, true, true),
            gate(3, Duration.ofSeconds(10), Duration.ofMinutes(10)));
    // checks at 0,10,20(unhealthy),30,40,50: passes on the 6th check
    assertEquals(Duration.ofSeconds(50), took);
  }

  @Test
  void gateFailsWhenTimeoutPassesNamingTheLastProblem() {
    GateTimeoutException e =
        assertThrows(
            GateTimeoutException.class,
            () -> await(scripted(false), gate(2, Duration.ofSeconds(10), Duration.ofSeconds(35))));
    assertTrue(e.getMessage().contains("not healthy within 35s"), e.getMessage());
    assertTrue(e.getMessage().contains("k1: unhealthy"), e.getMessage());
    assertEquals(
        Duration.ofSeconds(35),
        Duration.between(java.time.Instant.parse("2026-01-01T00:00:00Z"), clock.instant()));
  }

  @Test
  void streakReachedOnTheLastCheckBeforeTimeoutStillPasses() throws Exception {
    Duration took =
        await(scripted(false, true, true), gate(2, Duration.ofSeconds(10), Duration.ofSeconds(20)));
    assertEquals(Duration.ofSeconds(20), took);
  }

  @Test
  void aProbeThatThrowsCountsAsUnhealthy() {
    ConditionProbe broken =
        (h, c) -> {
          throw new dev.rollrun.api.RollrunException("connection lost");
        };
    GateTimeoutException e =
        assertThrows(
            GateTimeoutException.class,
            () -> await(broken, gate(1, Duration.ofSeconds(1), Duration.ofSeconds(3))));
    assertTrue(e.getMessage().contains("connection lost"), e.getMessage());
  }

  @Test
  void aNodeThatRefusesEveryKeyFailsTheGateAtOnceNotAfterItsTimeout() {
    ConditionProbe refused =
        (h, c) -> {
          throw new SshAuthenticationException(
              "k1",
              "k1 (127.0.0.1:22)",
              "127.0.0.1:22",
              "deploy",
              List.of("~/.ssh/id"),
              List.of(),
              null);
        };
    SshAuthenticationException e =
        assertThrows(
            SshAuthenticationException.class,
            () -> await(refused, gate(2, Duration.ofSeconds(10), Duration.ofMinutes(10))));
    assertTrue(e.getMessage().startsWith("k1 (127.0.0.1:22): authentication"), e.getMessage());
    assertEquals(Instant.parse("2026-01-01T00:00:00Z"), clock.instant(), "no waiting");
    RunEvent.GateFailed failed = (RunEvent.GateFailed) events.get(events.size() - 1);
    assertEquals(e.getMessage(), failed.problem());
  }

  @Test
  void aHostsOwnMessageIsNotPrefixedWithItsNameTwice() {
    ConditionProbe lost =
        (h, c) -> {
          throw new ConnectionLostException("k1", "k1 (127.0.0.1:22)", "check", null);
        };
    GateTimeoutException e =
        assertThrows(
            GateTimeoutException.class,
            () -> await(lost, gate(1, Duration.ofSeconds(1), Duration.ofSeconds(3))));
    assertTrue(
        e.getMessage()
            .endsWith(
                "last problem: k1 (127.0.0.1:22): connection lost while running"
                    + " \"check\"; whether it finished on the host is unknown"),
        e.getMessage());
  }

  @Test
  void stopRequestEndsTheWait() {
    HealthGateWaiter waiter =
        new HealthGateWaiter(scripted(false), clock, clock.sleeper(), events::add);
    PlannedGate g = gate(1, Duration.ofSeconds(1), Duration.ofMinutes(1));
    assertThrows(
        InterruptedException.class,
        () -> waiter.await("gate", g, List.of(new HealthGateWaiter.Target(host, g)), () -> true));
  }
}
