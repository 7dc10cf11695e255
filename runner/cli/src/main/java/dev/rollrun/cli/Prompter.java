package dev.rollrun.cli;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Asks the operator a question on the terminal and waits for the answer. */
@FunctionalInterface
interface Prompter {

  /**
   * @param cancelled polled while waiting: when true, the question is given up
   * @return the line typed, or empty at end of input or when given up
   */
  Optional<String> ask(String question, BooleanSupplier cancelled);
}
