package dev.rollrun.cli;

/** Entry point of the {@code rollrun} command. */
public final class Rollrun {
  private Rollrun() {}

  public static void main(String[] args) {
    System.exit(0);
  }
}
