package dev.rollrun.core.text;

/**
 * Text from a playbook, an inventory or the command line made safe to print in a message: every
 * character that would act on the terminal or on the reader rather than be read is written as an
 * escape. A newline in a host name cannot start a forged {@code rollrun: 0 problems} line, an
 * escape sequence cannot clear the screen, a right-to-left override cannot reorder a path.
 *
 * <p>Escaped: control characters (C0, DEL, C1) as {@code \n}, {@code \r}, {@code \t} or {@code
 * \}{@code u001B}; format characters (bidirectional overrides and marks, zero-width characters, the
 * byte order mark); line and paragraph separators; and UTF-16 surrogates that are not part of a
 * pair. Everything else, other scripts and emoji included, is printed as it is. A backslash is not
 * escaped, so escaping twice changes nothing.
 */
public final class Printable {

  private Printable() {}

  /** {@code text} with every character that is not plainly printable escaped. */
  public static String escape(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        int codePoint = text.codePointAt(i);
        if (isPrintable(codePoint)) {
          if (out != null) {
            out.append(c).append(text.charAt(i + 1));
          }
        } else {
          out = started(out, text, i).append(String.format("\\U%08X", codePoint));
        }
        i++;
        continue;
      }
      if (isPrintable(c)) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      out = started(out, text, i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(String.format("\\u%04X", (int) c));
      }
    }
    return out == null ? text : out.toString();
  }

  /**
   * {@code text}, or when it is longer than {@code max} characters its start and end with how much
   * was left out between them: a message quoting a value of a million characters stays a line an
   * operator can read, with the file:line:column at its start and what is wrong at its end.
   */
  public static String shortened(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int keep = Math.max(1, (max - 40) / 2);
    int end = text.length() - keep;
    // Never cut a surrogate pair in two.
    int start = Character.isHighSurrogate(text.charAt(keep - 1)) ? keep - 1 : keep;
    end = Character.isLowSurrogate(text.charAt(end)) ? end + 1 : end;
    return text.substring(0, start)
        + String.format(" ...(%,d characters left out)... ", end - start)
        + text.substring(end);
  }

  /** True when {@code text} holds nothing {@link #escape} would change. */
  public static boolean isPrintable(String text) {
    return escape(text) == text;
  }

  private static StringBuilder started(StringBuilder out, String text, int upTo) {
    return out != null ? out : new StringBuilder(text.length() + 16).append(text, 0, upTo);
  }

  private static boolean isPrintable(int codePoint) {
    if (Character.isISOControl(codePoint)
        || codePoint <= 0xFFFF && Character.isSurrogate((char) codePoint)) {
      return false;
    }
    int type = Character.getType(codePoint);
    return type != Character.FORMAT
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR;
  }
}
