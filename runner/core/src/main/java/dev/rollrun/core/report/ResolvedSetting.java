package dev.rollrun.core.report;

/**
 * One setting of a host as rollrun resolved it, and where it came from.
 *
 * @param name the setting ({@code address}, {@code port}, a variable's name)
 * @param value its value: text, a number, a list, or null when nothing sets it
 * @param origin where it came from: {@code file:line:column} and the variable that set it, {@code
 *     ~/.ssh/config}, or a default in words
 */
public record ResolvedSetting(String name, Object value, String origin) {}
