package dev.rollrun.core.plan;

import dev.rollrun.core.config.BatchSize;
import java.util.ArrayList;
import java.util.List;

/** Splits a number of hosts into batch sizes along a ramp whose last size repeats. */
final class BatchSizes {

  private BatchSizes() {}

  /** E.g. 10 hosts with ramp [1, 25%] give [1, 3, 3, 3]. */
  static List<Integer> split(int total, List<BatchSize> ramp) {
    List<Integer> sizes = new ArrayList<>();
    int remaining = total;
    int step = 0;
    while (remaining > 0) {
      BatchSize size = ramp.get(Math.min(step, ramp.size() - 1));
      int take = Math.max(1, Math.min(remaining, size.of(total)));
      sizes.add(take);
      remaining -= take;
      step++;
    }
    return sizes;
  }
}
