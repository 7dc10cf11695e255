package dev.rollrun.core.config;

/**
 * A place in a file an operator wrote, 1-based, printed as {@code file:line:column} like compilers
 * do so that terminals and editors can jump to it.
 */
public record SourcePosition(String file, int line, int column) {

  public static SourcePosition startOf(String file) {
    return new SourcePosition(file, 1, 1);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
