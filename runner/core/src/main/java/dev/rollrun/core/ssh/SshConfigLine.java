package dev.rollrun.core.ssh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One directive of an ssh_config file, split exactly as OpenSSH splits it ({@code readconf.c}:
 * {@code strdelim} for the keyword, {@code argv_split} for its arguments):
 *
 * <ul>
 *   <li>the keyword ends at whitespace or at one {@code =}: {@code User root}, {@code User=root}
 *       and {@code User = root} are the same; keywords are matched whatever their case;
 *   <li>arguments are split at spaces and tabs; double or single quotes keep spaces in one argument
 *       and are removed; a backslash escapes a quote, a backslash or (outside quotes) a space; a
 *       {@code #} that starts an argument ends the line;
 *   <li>{@code ProxyCommand}, {@code ProxyJump} and the other commands take the rest of the line as
 *       written ({@link #rest()}), comments included.
 * </ul>
 *
 * @param file the file the line is in
 * @param number its 1-based line number
 * @param keyword the keyword in lower case ({@code hostname})
 * @param args the arguments, quotes removed
 * @param rest everything after the keyword (and the {@code =} or spaces that end it), trailing
 *     whitespace removed
 */
record SshConfigLine(Path file, int number, String keyword, List<String> args, String rest) {

  private static final String WHITESPACE = " \t\r\n";

  SshConfigLine {
    args = List.copyOf(args);
  }

  /** {@code file:line} as messages show it. */
  String where(Path home) {
    return Commands.displayPath(file, home) + ":" + number;
  }

  /** The first argument. Every directive has one: a line without any is refused when read. */
  String arg() {
    return args.get(0);
  }

  /**
   * Splits one line; {@code null} for a blank line, a comment, or a line OpenSSH itself skips (a
   * keyword with an unmatched double quote).
   *
   * @throws SshConfigError for a keyword without argument or an argument with unmatched quotes
   */
  static SshConfigLine parse(Path file, int number, String text) {
    StringBuilder line = new StringBuilder(text);
    // Trailing whitespace (and form feeds) go, but never the first character.
    int end = line.length() - 1;
    while (end > 0 && (WHITESPACE + "\f").indexOf(line.charAt(end)) >= 0) {
      end--;
    }
    line.setLength(Math.max(end + 1, 0));
    Cursor cursor = new Cursor(line);
    String keyword = cursor.delimited();
    if (keyword != null && keyword.isEmpty()) {
      keyword = cursor.delimited(); // leading whitespace
    }
    if (keyword == null || keyword.isEmpty() || keyword.startsWith("#")) {
      return null;
    }
    keyword = keyword.toLowerCase(Locale.ROOT);
    String rest = cursor.rest();
    int skip = 0;
    while (rest != null && skip < rest.length() && WHITESPACE.indexOf(rest.charAt(skip)) >= 0) {
      skip++;
    }
    if (rest == null || skip == rest.length()) {
      throw new SshConfigError(
          new SettingSource(file, number, null), "no argument after keyword \"" + keyword + "\"");
    }
    rest = rest.substring(skip);
    List<String> args = split(rest);
    if (args == null) {
      throw new SshConfigError(new SettingSource(file, number, null), "invalid quotes");
    }
    return new SshConfigLine(file, number, keyword, args, rest);
  }

  /** OpenSSH's {@code argv_split} with comments ending the line; {@code null} for open quotes. */
  static List<String> split(String s) {
    List<String> args = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t') {
        i++;
        continue;
      }
      if (c == '#') {
        break;
      }
      StringBuilder arg = new StringBuilder();
      char quote = 0;
      for (; i < n; i++) {
        c = s.charAt(i);
        if (c == '\\' && i + 1 < n) {
          char next = s.charAt(i + 1);
          if (next == '\'' || next == '"' || next == '\\' || (quote == 0 && next == ' ')) {
            i++;
            arg.append(next);
          } else {
            arg.append(c);
          }
        } else if (quote == 0 && (c == ' ' || c == '\t')) {
          break;
        } else if (quote == 0 && (c == '"' || c == '\'')) {
          quote = c;
        } else if (quote != 0 && c == quote) {
          quote = 0;
        } else {
          arg.append(c);
        }
      }
      if (i >= n && quote != 0) {
        return null;
      }
      args.add(arg.toString());
    }
    return args;
  }

  /** OpenSSH's {@code strdelim} over one line, which it consumes from the left. */
  private static final class Cursor {
    private final StringBuilder s;
    private int pos;

    Cursor(StringBuilder s) {
      this.s = s;
    }

    /** What is left, or {@code null} when nothing is. */
    String rest() {
      return pos < 0 ? null : s.substring(pos);
    }

    /** The next token: up to whitespace, a double quote or one '='; {@code null} at the end. */
    String delimited() {
      if (pos < 0) {
        return null;
      }
      int start = pos;
      int at = start;
      while (at < s.length() && (WHITESPACE + "\"=").indexOf(s.charAt(at)) < 0) {
        at++;
      }
      if (at == s.length()) {
        pos = -1;
        return s.substring(start);
      }
      if (s.charAt(at) == '"') {
        s.deleteCharAt(at);
        int close = s.indexOf("\"", at);
        if (close < 0) {
          pos = -1;
          return null;
        }
        String token = s.substring(start, close);
        pos = skipWhitespace(close + 1);
        return token;
      }
      boolean equals = s.charAt(at) == '=';
      String token = s.substring(start, at);
      pos = skipWhitespace(at + 1);
      if (!equals && pos < s.length() && s.charAt(pos) == '=') {
        pos = skipWhitespace(pos + 1);
      }
      return token;
    }

    private int skipWhitespace(int from) {
      int i = from;
      while (i < s.length() && WHITESPACE.indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      return i;
    }
  }
}
