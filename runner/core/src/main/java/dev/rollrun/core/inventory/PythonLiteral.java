package dev.rollrun.core.inventory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The value Ansible gives an INI inventory value: Python's {@code ast.literal_eval} of the text, or
 * the text itself when it is no Python literal ({@code plugins/inventory/ini.py}, {@code
 * _parse_value}). So {@code 5} is a number, {@code False} a boolean, {@code None} null, {@code [1,
 * 2]} a list, {@code {'a': 1}} a mapping, {@code "5"} the text 5, and {@code false}, {@code yes},
 * {@code 0755} and {@code 10.0.0.1} stay text. A {@code #} after a literal is a Python comment
 * ({@code 8080 # http} is 8080), after anything else it is part of the text.
 *
 * <p>No Java library evaluates Python literals; this is the grammar of Python 3's literals (strings
 * with their prefixes, escapes and implicit concatenation; integers in every base with underscores;
 * floats; one sign; {@code True}/{@code False}/{@code None}; lists, tuples, sets and dicts), which
 * is all {@code literal_eval} accepts. Values: {@link String}, {@link Integer}, {@link Long} or
 * {@link BigInteger}, {@link Double}, {@link Boolean}, null, unmodifiable {@link List} (tuples and
 * sets too) and {@link Map} (keys as text, as Ansible's JSON prints them).
 */
final class PythonLiteral {

  /** A literal Ansible accepts but rollrun cannot use (a complex number). */
  static final class UnsupportedLiteralException extends RuntimeException {
    UnsupportedLiteralException(String message) {
      super(message);
    }
  }

  private static final class NotALiteral extends RuntimeException {
    NotALiteral() {
      super(null, null, false, false);
    }
  }

  private final String text;
  private int pos;
  private boolean complex; // a complex number was read: refused if the whole text is a literal
  private int depth;

  private PythonLiteral(String text) {
    this.text = text;
  }

  /**
   * What Ansible makes of an INI value.
   *
   * @throws UnsupportedLiteralException for a literal rollrun cannot use
   */
  static Object value(String text) {
    Optional<Object> literal = literal(text);
    return literal.isPresent() ? unwrap(literal.get()) : text;
  }

  /** The literal's value, or empty when the text is no Python literal. */
  static Optional<Object> literal(String text) {
    PythonLiteral parser = new PythonLiteral(text);
    try {
      Object value = parser.expressionList();
      parser.skipSpace();
      if (parser.pos != text.length()) {
        return Optional.empty();
      }
      if (parser.complex) {
        throw new UnsupportedLiteralException(
            "\"" + text + "\" is a complex number, which rollrun cannot use");
      }
      return Optional.of(value == null ? NULL : value);
    } catch (NotALiteral e) {
      return Optional.empty();
    }
  }

  /** Stands for Python's None inside an Optional; {@link #value} turns it back into null. */
  private static final Object NULL = new Object();

  static Object unwrap(Object value) {
    return value == NULL ? null : value;
  }

  // ---- grammar ------------------------------------------------------------------------------

  /** {@code 1, 2} at the top is a tuple. */
  private Object expressionList() {
    skipSpace();
    if (pos == text.length()) {
      throw new NotALiteral();
    }
    Object first = expression();
    skipSpace();
    if (!peek(',')) {
      return first;
    }
    List<Object> tuple = new ArrayList<>();
    tuple.add(unwrap(first));
    while (peek(',')) {
      pos++;
      skipSpace();
      if (pos == text.length()) {
        break;
      }
      tuple.add(unwrap(expression()));
      skipSpace();
    }
    return Collections.unmodifiableList(tuple);
  }

  private Object expression() {
    skipSpace();
    if (pos >= text.length()) {
      throw new NotALiteral();
    }
    char c = text.charAt(pos);
    if (c == '-' || c == '+') {
      pos++;
      skipSpace();
      Object number = number();
      return c == '-' ? negate(number) : number;
    }
    if (c == '[') {
      return sequence('[', ']');
    }
    if (c == '(') {
      return sequence('(', ')');
    }
    if (c == '{') {
      return mapping();
    }
    if (Character.isDigit(c) || (c == '.' && pos + 1 < text.length() && isDigit(pos + 1))) {
      return number();
    }
    if (isStringStart()) {
      return strings();
    }
    String word = word();
    return switch (word) {
      case "True" -> Boolean.TRUE;
      case "False" -> Boolean.FALSE;
      case "None" -> NULL;
      default -> throw new NotALiteral();
    };
  }

  private Object sequence(char open, char close) {
    enter();
    pos++;
    List<Object> items = new ArrayList<>();
    boolean comma = true;
    boolean sawComma = false;
    while (true) {
      skipSpace();
      if (peek(close)) {
        pos++;
        break;
      }
      if (!comma) {
        throw new NotALiteral();
      }
      items.add(unwrap(expression()));
      skipSpace();
      comma = peek(',');
      if (comma) {
        sawComma = true;
        pos++;
      }
    }
    depth--;
    // (1) is the number 1; (1,) and () are tuples.
    if (open == '(' && items.size() == 1 && !sawComma) {
      return items.get(0) == null ? NULL : items.get(0);
    }
    return Collections.unmodifiableList(items);
  }

  private Object mapping() {
    enter();
    pos++;
    Map<String, Object> map = new LinkedHashMap<>();
    List<Object> set = new ArrayList<>();
    boolean comma = true;
    while (true) {
      skipSpace();
      if (peek('}')) {
        pos++;
        break;
      }
      if (!comma) {
        throw new NotALiteral();
      }
      Object key = unwrap(expression());
      skipSpace();
      if (peek(':') && set.isEmpty()) {
        pos++;
        if (key instanceof List<?>) {
          throw new NotALiteral(); // a list is no dict key in Python either
        }
        map.put(keyText(key), unwrap(expression()));
      } else if (map.isEmpty()) {
        set.add(key);
      } else {
        throw new NotALiteral();
      }
      skipSpace();
      comma = peek(',');
      if (comma) {
        pos++;
      }
    }
    depth--;
    return set.isEmpty()
        ? Collections.unmodifiableMap(map)
        : Collections.unmodifiableList(set.stream().distinct().toList());
  }

  private void enter() {
    if (++depth > 100) {
      throw new NotALiteral(); // Python refuses such nesting too
    }
  }

  private static String keyText(Object key) {
    if (key == null) {
      return "null";
    }
    if (key instanceof Boolean b) {
      return b ? "true" : "false";
    }
    return String.valueOf(key);
  }

  // ---- numbers ------------------------------------------------------------------------------

  private Object number() {
    int start = pos;
    if (pos >= text.length()) {
      throw new NotALiteral();
    }
    if (text.startsWith("0x", pos) || text.startsWith("0X", pos)) {
      return radix(start, 16);
    }
    if (text.startsWith("0o", pos) || text.startsWith("0O", pos)) {
      return radix(start, 8);
    }
    if (text.startsWith("0b", pos) || text.startsWith("0B", pos)) {
      return radix(start, 2);
    }
    String whole = digits();
    boolean isFloat = false;
    String fraction = "";
    if (peek('.')) {
      pos++;
      isFloat = true;
      fraction = peekDigit() ? digits() : "";
      if (whole.isEmpty() && fraction.isEmpty()) {
        throw new NotALiteral();
      }
    }
    String exponent = "";
    if (peek('e') || peek('E')) {
      int mark = pos;
      pos++;
      String sign = "";
      if (peek('+') || peek('-')) {
        sign = String.valueOf(text.charAt(pos++));
      }
      if (!peekDigit()) {
        pos = mark;
        throw new NotALiteral();
      }
      exponent = "e" + sign + digits();
      isFloat = true;
    }
    if ((peek('j') || peek('J')) && (!whole.isEmpty() || isFloat)) {
      // 2j; but "-J bastion" is no literal at all, and stays text as in Python
      pos++;
      complex = true;
    }
    if (pos < text.length() && isNameChar(text.charAt(pos))) {
      throw new NotALiteral(); // 1abc, 10_
    }
    if (whole.isEmpty() && !isFloat) {
      throw new NotALiteral();
    }
    if (isFloat) {
      return Double.parseDouble((whole.isEmpty() ? "0" : whole) + "." + fraction + exponent);
    }
    // Python 3 refuses 0755: a leading zero is allowed only in 0, 00, 0_0.
    if (whole.length() > 1 && whole.charAt(0) == '0' && !whole.chars().allMatch(c -> c == '0')) {
      throw new NotALiteral();
    }
    return narrow(new BigInteger(whole));
  }

  private Object radix(int start, int radix) {
    pos += 2;
    StringBuilder digits = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '_' && digits.length() > 0 || c == '_' && pos == start + 2) {
        pos++;
        if (pos >= text.length() || Character.digit(text.charAt(pos), radix) < 0) {
          throw new NotALiteral();
        }
        continue;
      }
      if (Character.digit(c, radix) < 0) {
        break;
      }
      digits.append(c);
      pos++;
    }
    if (digits.length() == 0 || pos < text.length() && isNameChar(text.charAt(pos))) {
      throw new NotALiteral();
    }
    return narrow(new BigInteger(digits.toString(), radix));
  }

  /** Digits with single underscores between them, as Python writes 1_000. */
  private String digits() {
    StringBuilder digits = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '_' && digits.length() > 0 && pos + 1 < text.length() && isDigit(pos + 1)) {
        pos++;
        continue;
      }
      if (!Character.isDigit(c) || c > '9') {
        break;
      }
      digits.append(c);
      pos++;
    }
    return digits.toString();
  }

  private static Object narrow(BigInteger value) {
    if (value.bitLength() < 32) {
      return value.intValue();
    }
    if (value.bitLength() < 64) {
      return value.longValue();
    }
    return value;
  }

  private static Object negate(Object number) {
    if (number instanceof Integer i) {
      return narrow(BigInteger.valueOf(i).negate());
    }
    if (number instanceof Long l) {
      return narrow(BigInteger.valueOf(l).negate());
    }
    if (number instanceof BigInteger b) {
      return narrow(b.negate());
    }
    return -(Double) number;
  }

  // ---- strings ------------------------------------------------------------------------------

  private boolean isStringStart() {
    int p = pos;
    while (p < text.length() && p - pos < 2 && "rRbBuU".indexOf(text.charAt(p)) >= 0) {
      p++;
    }
    return p < text.length() && (text.charAt(p) == '\'' || text.charAt(p) == '"');
  }

  /** One string, or several written side by side ({@code 'a' 'b'} is {@code ab}). */
  private String strings() {
    StringBuilder value = new StringBuilder();
    Boolean bytes = null;
    do {
      boolean raw = false;
      boolean isBytes = false;
      String prefix = "";
      while ("rRbBuU".indexOf(text.charAt(pos)) >= 0) {
        prefix += Character.toLowerCase(text.charAt(pos));
        pos++;
      }
      if (!List.of("", "r", "u", "b", "br", "rb").contains(prefix)) {
        throw new NotALiteral();
      }
      raw = prefix.contains("r");
      isBytes = prefix.contains("b");
      if (bytes != null && bytes != isBytes) {
        throw new NotALiteral(); // Python cannot join bytes and text
      }
      bytes = isBytes;
      value.append(string(raw, isBytes));
      skipSpace();
    } while (pos < text.length() && isStringStart());
    return value.toString();
  }

  private String string(boolean raw, boolean bytes) {
    char quote = text.charAt(pos);
    boolean triple = text.startsWith(String.valueOf(quote).repeat(3), pos);
    pos += triple ? 3 : 1;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw new NotALiteral();
      }
      char c = text.charAt(pos);
      if (triple ? text.startsWith(String.valueOf(quote).repeat(3), pos) : c == quote) {
        pos += triple ? 3 : 1;
        return out.toString();
      }
      if (!triple && c == '\n') {
        throw new NotALiteral();
      }
      if (c == '\\' && pos + 1 < text.length()) {
        if (raw) {
          out.append(c).append(text.charAt(pos + 1));
          pos += 2;
        } else {
          escape(out, bytes);
        }
        continue;
      }
      out.append(c);
      pos++;
    }
  }

  private void escape(StringBuilder out, boolean bytes) {
    char e = text.charAt(pos + 1);
    pos += 2;
    switch (e) {
      case '\n' -> {}
      case '\\' -> out.append('\\');
      case '\'' -> out.append('\'');
      case '"' -> out.append('"');
      case 'a' -> out.append('\u0007');
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 'n' -> out.append('\n');
      case 'r' -> out.append('\r');
      case 't' -> out.append('\t');
      case 'v' -> out.append('\u000b');
      case 'x' -> out.appendCodePoint(hex(2));
      case 'u' -> {
        if (bytes) {
          out.append("\\u");
        } else {
          out.appendCodePoint(hex(4));
        }
      }
      case 'U' -> {
        if (bytes) {
          out.append("\\U");
        } else {
          out.appendCodePoint(hex(8));
        }
      }
      case 'N' -> throw new NotALiteral(); // named characters: not worth a table
      default -> {
        if (e >= '0' && e <= '7') {
          int value = e - '0';
          for (int i = 0; i < 2 && pos < text.length() && isOctal(text.charAt(pos)); i++) {
            value = value * 8 + text.charAt(pos++) - '0';
          }
          out.appendCodePoint(value);
        } else {
          out.append('\\').append(e); // Python keeps an unknown escape as written
        }
      }
    }
  }

  private int hex(int count) {
    if (pos + count > text.length()) {
      throw new NotALiteral();
    }
    try {
      int value = Integer.parseInt(text.substring(pos, pos + count), 16);
      pos += count;
      if (value > Character.MAX_CODE_POINT) {
        throw new NotALiteral();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new NotALiteral();
    }
  }

  // ---- characters ---------------------------------------------------------------------------

  /** Spaces, tabs, a backslash at the end of a line, and a comment to the end of the line. */
  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\f' || (depth > 0 && (c == '\n' || c == '\r'))) {
        pos++;
      } else if (c == '\\' && text.startsWith("\n", pos + 1)) {
        pos += 2;
      } else if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private String word() {
    int start = pos;
    while (pos < text.length() && isNameChar(text.charAt(pos))) {
      pos++;
    }
    if (start == pos) {
      throw new NotALiteral();
    }
    return text.substring(start, pos);
  }

  private boolean peek(char c) {
    return pos < text.length() && text.charAt(pos) == c;
  }

  private boolean peekDigit() {
    return pos < text.length() && isDigit(pos);
  }

  private boolean isDigit(int at) {
    char c = text.charAt(at);
    return c >= '0' && c <= '9';
  }

  private static boolean isOctal(char c) {
    return c >= '0' && c <= '7';
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
