package dev.rollrun.core.exec;

/**
 * What ended a run early.
 *
 * @param host the node it happened on, or null (a cluster-wide step, a gate, connecting)
 * @param step the id of the step, or null when it was not a step
 * @param message one line for the operator, secrets hidden
 * @param internal true for a defect in rollrun (exit code 1), false for a node, a command, a
 *     connection or a health gate (exit code 3)
 */
public record Failure(String host, String step, String message, boolean internal) {}
