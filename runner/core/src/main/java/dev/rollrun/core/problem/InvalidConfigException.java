package dev.rollrun.core.problem;

import dev.rollrun.api.RollrunException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What an operator wrote cannot be used: every problem found, each with its file:line:column.
 * Validation collects all problems before failing so that one run shows them all.
 */
public class InvalidConfigException extends RollrunException {

  private final List<ConfigProblem> problems;

  public InvalidConfigException(List<ConfigProblem> problems) {
    super(problems.stream().sorted().distinct().map(ConfigProblem::toString).collect(joinLines()));
    this.problems = problems.stream().sorted().distinct().toList();
  }

  public InvalidConfigException(SourcePosition position, String message) {
    this(List.of(new ConfigProblem(position, message)));
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joinLines() {
    return Collectors.joining(System.lineSeparator());
  }
}
