package dev.rollrun.core.report;

import dev.rollrun.api.Host;

/**
 * One line of a plan as the text and Markdown plans show it: a step, a gate's timing, one of its
 * conditions. Lines are compared across nodes to group them ({@link NodeGroups}).
 *
 * @param key what the line is within its node, the same on every node: the step's id ({@code
 *     pre-stop[0]}, {@code stop}), {@code health}, a condition's {@code health/0}
 * @param label the phase ({@code pre-stop}) or {@code health}
 * @param kind the step's kind ({@code run}, {@code task}, {@code gate}, ...)
 * @param name the step's {@code name:} (or a behaviour's check or wrapper), or null
 * @param body what it does: a command, a duration, a gate's timing, a condition
 * @param note after the body ({@code (timeout 30s)}), or empty
 * @param form how the body is shown
 */
record PlanLine(
    String key, String label, String kind, String name, String body, String note, Form form) {

  /** How a line's body reads. */
  enum Form {
    /** A command or a call with arguments: code in Markdown. */
    COMMAND,
    /** Words: a duration, what a behaviour does. */
    PLAIN,
    /** A health gate's timing; its conditions follow as {@link #CONDITION} lines. */
    GATE,
    /** One condition of the gate line before it: code in Markdown. */
    CONDITION
  }

  /** The same line with {@code host}'s name and address as placeholders ({@link HostFields}). */
  PlanLine abstractedFor(Host host) {
    return new PlanLine(
        key,
        label,
        kind,
        name == null ? null : HostFields.abstracted(host, name),
        HostFields.abstracted(host, body),
        note,
        form);
  }

  /** The line with the placeholders filled in for {@code host}. */
  PlanLine concreteFor(Host host) {
    return new PlanLine(
        key,
        label,
        kind,
        name == null ? null : HostFields.concrete(host, name),
        HostFields.concrete(host, body),
        note,
        form);
  }

  /** The same line saying something else. */
  PlanLine withBody(String other, String otherNote) {
    return new PlanLine(key, label, kind, null, other, otherNote, form);
  }

  /**
   * What makes two nodes' lists of lines the same shape: everything but the name, body and note.
   */
  String shape() {
    return key + '\u0000' + label + '\u0000' + kind + '\u0000' + form;
  }
}
