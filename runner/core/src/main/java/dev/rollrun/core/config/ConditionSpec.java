package dev.rollrun.core.config;

import dev.rollrun.core.problem.SourcePosition;

/** One health condition as a playbook declares it, before templates are rendered. */
public sealed interface ConditionSpec {

  SourcePosition position();

  /**
   * Healthy when {@code run} exits with {@code exit} and, if {@code output} is set, its output
   * contains a match of that regular expression.
   */
  record Command(
      Template run, Where on, int exit, Template output, boolean sudo, SourcePosition position)
      implements ConditionSpec {}

  /** Healthy when a TCP connection to {@code host:port} succeeds from {@code from}. */
  record Tcp(Template port, Template host, Where from, SourcePosition position)
      implements ConditionSpec {}
}
