package dev.rollrun.core.problem;

import java.util.Comparator;

/** One thing wrong with a playbook, inventory or option, and where it is. */
public record ConfigProblem(SourcePosition position, String message)
    implements Comparable<ConfigProblem> {

  private static final Comparator<ConfigProblem> ORDER =
      Comparator.comparing((ConfigProblem p) -> p.position().file())
          .thenComparingInt(p -> p.position().line())
          .thenComparingInt(p -> p.position().column())
          .thenComparing(ConfigProblem::message);

  @Override
  public int compareTo(ConfigProblem other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return position + ": " + message;
  }
}
