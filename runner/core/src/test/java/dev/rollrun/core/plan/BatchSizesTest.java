package dev.rollrun.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rollrun.core.config.BatchSize;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSizesTest {

  private static BatchSize n(int hosts) {
    return new BatchSize.Count(hosts);
  }

  private static BatchSize pct(double percent) {
    return new BatchSize.Percent(percent);
  }

  @Test
  void oneAtATimeByDefault() {
    assertEquals(List.of(1, 1, 1), BatchSizes.split(3, List.of(n(1))));
  }

  @Test
  void fixedBatchLeavesTheRemainderLast() {
    assertEquals(List.of(2, 2, 2), BatchSizes.split(6, List.of(n(2))));
    assertEquals(List.of(4, 3), BatchSizes.split(7, List.of(n(4))));
  }

  @Test
  void percentageRoundsUpAndTakesAtLeastOneHost() {
    assertEquals(List.of(3, 3, 3, 1), BatchSizes.split(10, List.of(pct(25))));
    assertEquals(List.of(1, 1, 1), BatchSizes.split(3, List.of(pct(1))));
  }

  @Test
  void rampRepeatsItsLastSize() {
    assertEquals(List.of(1, 2, 3, 3, 1), BatchSizes.split(10, List.of(n(1), n(2), pct(25))));
  }

  @Test
  void batchLargerThanTheFleetIsTheWholeFleetOnce() {
    assertEquals(List.of(3), BatchSizes.split(3, List.of(n(10))));
    assertEquals(List.of(4), BatchSizes.split(4, List.of(pct(100))));
  }

  @Test
  void rampLongerThanNeededStopsWhenHostsRunOut() {
    assertEquals(List.of(1, 2), BatchSizes.split(3, List.of(n(1), n(5), n(7))));
  }
}
