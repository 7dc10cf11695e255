package dev.rollrun.cli;

/** How much the console says during a run ({@code --quiet}, the default, {@code -v}). */
enum Verbosity {
  /**
   * Only what needs the operator: warnings, failures, unreachable hosts, a gate that did not pass,
   * and the end of the run; no plan, no step lines, no command output, no live view.
   */
  QUIET,
  /** A line per step with its output, gate results, the summary; the live view on a terminal. */
  NORMAL,
  /**
   * Also each step as it begins, each node's state changes, and every check of a gate as a line.
   */
  VERBOSE
}
