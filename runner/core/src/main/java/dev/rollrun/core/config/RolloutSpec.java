package dev.rollrun.core.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code rollout:}: batch sizes as a ramp whose last size repeats ({@code batch: 1} is the ramp
 * {@code [1]}), and the pause between batches.
 */
public record RolloutSpec(List<BatchSize> ramp, Duration pause) {

  public RolloutSpec {
    ramp = List.copyOf(ramp);
  }
}
