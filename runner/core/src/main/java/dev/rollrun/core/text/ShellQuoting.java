package dev.rollrun.core.text;

/** POSIX shell single-quoting. */
public final class ShellQuoting {

  private ShellQuoting() {}

  /** {@code it's} becomes {@code 'it'\''s'}: one word to any POSIX shell, whatever it holds. */
  public static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
