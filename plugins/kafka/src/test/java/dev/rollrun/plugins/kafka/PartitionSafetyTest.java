package dev.rollrun.plugins.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PartitionSafetyTest {

  private static PartitionState p(String topic, int n, List<Integer> replicas, List<Integer> isr) {
    return new PartitionState(topic, n, replicas, isr, isr.isEmpty() ? -1 : isr.get(0), 2);
  }

  @Test
  void aBrokerInAnIsrAtTheMinimumMayNotStopAndThePartitionIsNamed() {
    Verdict verdict =
        PartitionSafety.verdict(
            1,
            List.of(
                p("orders", 0, List.of(1, 2, 3), List.of(1, 2, 3)),
                p("orders", 1, List.of(2, 3, 1), List.of(2, 1))));
    assertFalse(verdict.safe());
    assertEquals(
        "1 partition of broker 1 would be below min.insync.replicas without it: orders-1 (in sync"
            + " [2, 1] of [2, 3, 1], min.insync.replicas 2)",
        verdict.reason());
  }

  @Test
  void aPartitionAlreadyBelowTheMinimumRefusesEveryBrokerThatHostsIt() {
    Verdict verdict =
        PartitionSafety.verdict(3, List.of(p("orders", 4, List.of(1, 2, 3), List.of(1))));
    assertFalse(verdict.safe());
    assertTrue(
        verdict
            .reason()
            .contains("orders-4 (in sync [1] of [1, 2, 3], min.insync.replicas 2: already below)"),
        verdict.reason());
  }

  @Test
  void anOfflinePartitionRefuses() {
    Verdict verdict = PartitionSafety.verdict(2, List.of(p("orders", 0, List.of(1, 2), List.of())));
    assertFalse(verdict.safe());
    assertTrue(verdict.reason().contains("orders-0 (no leader, offline"), verdict.reason());
  }

  @Test
  void aBrokerOutsideAnIsrAtTheMinimumMayStop() {
    Verdict verdict =
        PartitionSafety.verdict(3, List.of(p("orders", 0, List.of(1, 2, 3), List.of(1, 2))));
    assertTrue(verdict.safe(), verdict.reason());
    assertEquals(
        "each of the 1 partition of broker 3 keeps min.insync.replicas in sync without it",
        verdict.reason());
  }

  @Test
  void aBrokerWithoutPartitionsMayStop() {
    Verdict verdict =
        PartitionSafety.verdict(4, List.of(p("orders", 0, List.of(1, 2, 3), List.of(1, 2))));
    assertTrue(verdict.safe());
    assertEquals("broker 4 hosts no partition", verdict.reason());
  }

  @Test
  void aLongRefusalNamesTenPartitionsAndCountsTheRest() {
    List<PartitionState> partitions = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      partitions.add(p("t", i, List.of(1, 2, 3), List.of(1, 2)));
    }
    Verdict verdict = PartitionSafety.verdict(1, partitions);
    assertTrue(verdict.reason().startsWith("25 partitions of broker 1"), verdict.reason());
    assertTrue(verdict.reason().contains("t-9 ("), verdict.reason());
    assertFalse(verdict.reason().contains("t-10 ("), verdict.reason());
    assertTrue(verdict.reason().endsWith(" and 15 more"), verdict.reason());
  }

  /** The invariant: safe exactly when every partition it hosts keeps its minimum without it. */
  @Property
  void safeExactlyWhenEveryHostedPartitionKeepsItsMinimumWithoutTheBroker(
      @ForAll("partitions") List<PartitionState> partitions,
      @ForAll @IntRange(min = 1, max = 5) int broker) {
    Verdict verdict = PartitionSafety.verdict(broker, partitions);
    List<PartitionState> endangered =
        partitions.stream()
            .filter(p -> p.replicas().contains(broker))
            .filter(
                p ->
                    p.leader() < 0
                        || p.isr().stream().filter(r -> r != broker).count() < p.minIsr())
            .toList();
    assertEquals(endangered.isEmpty(), verdict.safe(), verdict.reason());
    if (!endangered.isEmpty()) {
      assertTrue(verdict.reason().startsWith(endangered.size() + " partition"), verdict.reason());
      endangered.stream()
          .limit(PartitionSafety.NAMED)
          .forEach(p -> assertTrue(verdict.reason().contains(p.name() + " ("), verdict.reason()));
    }
  }

  /** Partitions the broker does not host never change its verdict. */
  @Property
  void partitionsElsewhereDoNotCount(
      @ForAll("partitions") List<PartitionState> partitions,
      @ForAll("partitions") List<PartitionState> elsewhere) {
    int broker = 6; // generated replicas are 1..5
    List<PartitionState> hosted =
        partitions.stream()
            .map(
                p -> {
                  List<Integer> replicas = new ArrayList<>(p.replicas());
                  replicas.add(broker);
                  return new PartitionState(
                      p.topic(), p.partition(), replicas, p.isr(), p.leader(), p.minIsr());
                })
            .toList();
    List<PartitionState> all = new ArrayList<>(hosted);
    all.addAll(elsewhere);
    assertEquals(
        PartitionSafety.verdict(broker, hosted).safe(),
        PartitionSafety.verdict(broker, all).safe());
  }

  @Provide
  Arbitrary<List<PartitionState>> partitions() {
    Arbitrary<Set<Integer>> replicas =
        Arbitraries.integers().between(1, 5).set().ofMinSize(1).ofMaxSize(5);
    return Combinators.combine(
            replicas,
            Arbitraries.integers().between(0, 5),
            Arbitraries.integers().between(1, 3),
            Arbitraries.integers().between(0, 99),
            Arbitraries.of(true, true, true, false))
        .as(
            (set, inSync, minIsr, n, led) -> {
              List<Integer> r = new ArrayList<>(set);
              List<Integer> isr =
                  new ArrayList<>(new LinkedHashSet<>(r.subList(0, Math.min(inSync, r.size()))));
              int leader = led && !isr.isEmpty() ? isr.get(0) : -1;
              return new PartitionState("t", n, r, isr, leader, minIsr);
            })
        .list()
        .ofMaxSize(20);
  }
}
