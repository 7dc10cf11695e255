package dev.rollrun.tests.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code rollrun validate} promises for any input, checked on one run: exit code 0 or 2, no
 * stack trace or exception name, no raw control character, every rejection a line that starts with
 * {@code file:line:column} inside the file (or names a file that is no ordinary file, or an
 * option), and on stdout only {@code ok} lines.
 */
public final class OutcomeCheck {

  /** One broken promise: its kind and the line that shows it. */
  public record Violation(String kind, String evidence) {

    /** The violation with what varies between inputs (paths, numbers, quoted values) removed. */
    public String signature() {
      String shape =
          evidence
              .replaceAll("^\\S*?(:\\d+:\\d+)?: ", "FILE: ")
              .replaceAll("\"[^\"]*\"", "\"…\"")
              .replaceAll("'[^']*'", "'…'")
              .replaceAll("\\d+", "N");
      return kind + ": " + (shape.length() > 90 ? shape.substring(0, 90) : shape);
    }
  }

  private static final Pattern FILE_LINE_COLUMN = Pattern.compile("^(.+):(\\d+):(\\d+)$");
  private static final Pattern OK_LINE =
      Pattern.compile("^ok  .+: \\d+ node\\(s\\) in \\d+ batch\\(es\\), plan [0-9a-f]{12}$");
  private static final Pattern STACK_TRACE =
      Pattern.compile(
          "(^|\\s)at [\\w$.]+\\([\\w$.]*(:\\d+)?\\)|\\b[A-Z]\\w*(Exception|Error)\\b"
              + "|\\b(java|javax|jdk|sun|org|com|io|dev)\\.[a-z]\\w*\\.[\\w.$]+");
  private static final Pattern OPTION = Pattern.compile("(^|[\\s'\"])(-e|-i|-\\w|--[a-z][\\w-]*)");
  private static final Pattern SUMMARY =
      Pattern.compile(
          "^rollrun: (\\d+ problems; nothing was changed|\\d+ of \\d+ playbooks are invalid)$");

  private OutcomeCheck() {}

  /** Every promise the run broke; empty when it kept them all. */
  public static List<Violation> check(int exitCode, String out, String err, List<String> args) {
    List<Violation> found = new ArrayList<>();
    if (exitCode != 0 && exitCode != 2) {
      found.add(new Violation("exit code " + exitCode, firstLine(err)));
    }
    if (exitCode == 0 && !err.isEmpty()) {
      found.add(new Violation("exit 0 with stderr", firstLine(err)));
    }
    if (exitCode == 2 && err.isBlank()) {
      found.add(new Violation("exit 2 without a message", firstLine(out)));
    }
    controlCharacters("stdout", out, found);
    controlCharacters("stderr", err, found);
    boolean help = args.stream().anyMatch(a -> a.matches("-h|--help|-V|--version"));
    for (String line : out.split("\n")) {
      if (!help && !line.isEmpty() && !OK_LINE.matcher(line).matches()) {
        found.add(new Violation("stdout line that is not an ok line", line));
      }
    }
    String previous = "";
    for (String line : err.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      Matcher trace = STACK_TRACE.matcher(line);
      if (trace.find()) {
        found.add(new Violation("stack trace or exception name", line));
      } else if (!isLocated(line, previous, args)) {
        found.add(new Violation("message without a location", line));
      }
      previous = line;
    }
    return found;
  }

  /**
   * {@code file:line:column: message} inside that file; {@code file: message} for a file that is
   * not an ordinary one (missing, a directory, a FIFO); {@code rollrun: } naming an option, or the
   * summary line; picocli's "Try ..." after a usage message.
   */
  private static boolean isLocated(String line, String previous, List<String> args) {
    if (line.startsWith("Try 'rollrun") && previous.startsWith("rollrun: ")) {
      return true;
    }
    if (line.startsWith("rollrun: ")) {
      // A usage message names the option, the parameter or the argument it is about.
      return SUMMARY.matcher(line).matches()
          || OPTION.matcher(line).find()
          || line.contains("PLAYBOOK")
          || line.matches("rollrun: (unmatched|unknown|missing).*argument.*");
    }
    for (int colon = line.indexOf(": ", 1); colon > 0; colon = line.indexOf(": ", colon + 1)) {
      String prefix = line.substring(0, colon);
      Matcher at = FILE_LINE_COLUMN.matcher(prefix);
      if (at.matches()) {
        if (at.group(2).length() < 10
            && at.group(3).length() < 10
            && insideFile(at.group(1), Long.parseLong(at.group(2)), Long.parseLong(at.group(3)))) {
          return true;
        }
        if (isRegularFile(at.group(1))) {
          continue; // a place that is not in the file
        }
      }
      // A name ending in ":2:3" is still a name.
      if (namesNoOrdinaryFile(prefix, args)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A file named as a whole: one the command line or a playbook named (a path, or an argument as
   * given) that is not an ordinary file, so that no line of it can be meant.
   */
  private static boolean namesNoOrdinaryFile(String name, List<String> args) {
    // A name too long to print whole is shortened in its middle: its start must match.
    int cut = name.indexOf(" ...(");
    String start = cut < 0 ? null : name.substring(0, cut);
    boolean given =
        args.stream()
            .map(OutcomeCheck::escaped)
            .flatMap(a -> a.startsWith("@") ? Stream.of(a, a.substring(1)) : Stream.of(a))
            .flatMap(a -> Stream.of(a, asPath(a)))
            .anyMatch(a -> a.equals(name) || start != null && a.startsWith(start));
    if (!name.contains("/") && !given) {
      return false;
    }
    try {
      return !Files.isRegularFile(Path.of(name));
    } catch (InvalidPathException e) {
      return true; // an escaped name that is no path at all
    }
  }

  private static boolean isRegularFile(String file) {
    try {
      return Files.isRegularFile(Path.of(file));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** True when {@code file} is a regular file with at least {@code line - 1} lines. */
  private static boolean insideFile(String file, long line, long column) {
    if (line < 1 || column < 1) {
      return false;
    }
    try {
      Path path = Path.of(file);
      if (!Files.isRegularFile(path)) {
        return false;
      }
      if (line == 1 || Files.size(path) > 8L * 1024 * 1024) {
        return true;
      }
      return line <= lineCount(path) + 1;
    } catch (InvalidPathException | IOException e) {
      return false;
    }
  }

  /** Lines as YAML counts them: ended by LF, CR LF or a lone CR. */
  private static long lineCount(Path path) throws IOException {
    long lines = 1;
    int previous = -1;
    try (InputStream in = Files.newInputStream(path)) {
      byte[] buffer = in.readAllBytes();
      for (byte b : buffer) {
        if (b == '\n' && previous != '\r' || b == '\r') {
          lines++;
        }
        previous = b;
      }
    }
    return lines;
  }

  /**
   * Control characters (C0, DEL, C1), format characters (bidirectional overrides, zero-width marks,
   * BOM), line and paragraph separators and lone surrogates: printed raw, they move the cursor,
   * recolour or rewrite the terminal, or reorder what an operator reads.
   */
  static void controlCharacters(String stream, String text, List<Violation> found) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
        continue;
      }
      int type = Character.getType(c);
      boolean bad =
          c != '\n'
              && (Character.isISOControl(c)
                  || type == Character.FORMAT
                  || type == Character.LINE_SEPARATOR
                  || type == Character.PARAGRAPH_SEPARATOR
                  || Character.isSurrogate(c));
      if (bad) {
        int start = text.lastIndexOf('\n', i) + 1;
        int end = text.indexOf('\n', i);
        String line = text.substring(start, end < 0 ? text.length() : end);
        found.add(
            new Violation(
                String.format("raw U+%04X on %s", (int) c, stream), TreeMutator.abbreviate(line)));
        return;
      }
    }
  }

  /** {@code name} as a path prints it ({@code a/} as {@code a}), or itself when it is none. */
  private static String asPath(String name) {
    try {
      return Path.of(name).toString();
    } catch (InvalidPathException e) {
      return name;
    }
  }

  /** {@code text} as a message may quote it: what {@link #controlCharacters} finds, escaped. */
  static String escaped(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        int codePoint = text.codePointAt(i++);
        int type = Character.getType(codePoint);
        out.append(
            type == Character.FORMAT
                ? String.format("\\U%08X", codePoint)
                : new String(Character.toChars(codePoint)));
        continue;
      }
      int type = Character.getType(c);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (Character.isISOControl(c)
          || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}
