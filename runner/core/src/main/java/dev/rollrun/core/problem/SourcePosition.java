package dev.rollrun.core.problem;

/**
 * A place in a file an operator wrote, 1-based, printed as {@code file:line:column} like compilers
 * do so that terminals and editors can jump to it. A problem with the file as a whole (it does not
 * exist, it is a directory) has no line: line and column are 0 and it prints as {@code file}.
 */
public record SourcePosition(String file, int line, int column) {

  public static SourcePosition startOf(String file) {
    return new SourcePosition(file, 1, 1);
  }

  /** The file itself rather than a place in it. */
  public static SourcePosition wholeFile(String file) {
    return new SourcePosition(file, 0, 0);
  }

  @Override
  public String toString() {
    return line <= 0 ? file : file + ":" + line + ":" + column;
  }
}
