package dev.rollrun.core.config;

/** How many hosts one batch takes: a count, or a share of all hosts rounded up. */
public sealed interface BatchSize {

  /** The number of hosts this size takes out of {@code total} (at least 1). */
  int of(int total);

  record Count(int hosts) implements BatchSize {
    @Override
    public int of(int total) {
      return hosts;
    }

    @Override
    public String toString() {
      return Integer.toString(hosts);
    }
  }

  record Percent(double percent) implements BatchSize {
    @Override
    public int of(int total) {
      return Math.max(1, (int) Math.ceil(total * percent / 100.0 - 1e-9));
    }

    @Override
    public String toString() {
      return (percent == Math.rint(percent)
              ? Long.toString((long) percent)
              : Double.toString(percent))
          + "%";
    }
  }
}
