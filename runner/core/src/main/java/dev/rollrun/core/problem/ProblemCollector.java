package dev.rollrun.core.problem;

import java.util.ArrayList;
import java.util.List;

/** Gathers problems while reading or checking, then fails once with all of them. */
public final class ProblemCollector {

  private final List<ConfigProblem> problems = new ArrayList<>();

  public void add(SourcePosition position, String message) {
    problems.add(new ConfigProblem(position, message));
  }

  public void addAll(List<ConfigProblem> more) {
    problems.addAll(more);
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  public List<ConfigProblem> problems() {
    return List.copyOf(problems);
  }

  /** Throws {@link InvalidConfigException} when anything was collected. */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new InvalidConfigException(problems);
    }
  }
}
