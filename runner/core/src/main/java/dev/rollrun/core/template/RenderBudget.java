package dev.rollrun.core.template;

import io.pebbletemplates.pebble.error.PebbleException;
import java.lang.reflect.Array;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one rendering of a template may spend, so that no template can hang a plan or fill the
 * memory: a command is short text, and a template that loops a million times, doubles a string
 * forty times or makes a list of a billion numbers is a mistake. The rendering in progress on a
 * thread has a budget ({@link #during}); the engine's loops, filters, functions and concatenations
 * spend it ({@link BudgetedExtension}). Outside a rendering nothing is counted.
 */
final class RenderBudget {

  /** The longest text a template may make or print: more than any shell takes as a command. */
  static final int MAX_CHARS = 100_000;

  /** The most items of a list or mapping a template may make. */
  static final int MAX_ITEMS = 100_000;

  /** The most steps (loop iterations, filter and function calls, concatenations) per rendering. */
  static final int MAX_STEPS = 100_000;

  /** The longest a rendering may take, in milliseconds; well-formed ones take microseconds. */
  static final long MAX_MILLIS = 1_000;

  private static final ThreadLocal<RenderBudget> CURRENT = new ThreadLocal<>();

  private final long deadline = System.nanoTime() + MAX_MILLIS * 1_000_000;
  private int steps;
  private long reads;

  private RenderBudget() {}

  /** Runs {@code rendering} with a fresh budget on this thread. */
  static <T> T during(Supplier<T> rendering) {
    RenderBudget outer = CURRENT.get();
    CURRENT.set(new RenderBudget());
    try {
      return rendering.get();
    } finally {
      CURRENT.set(outer);
    }
  }

  /**
   * The budget is spent: a {@link PebbleException} so that the renderer reports it like any other
   * template error, at the template's line.
   */
  static final class Exceeded extends PebbleException {
    Exceeded(String message, int line) {
      super(null, message, line, null);
    }
  }

  /** Spends one step of the rendering in progress. */
  static void step(int line) {
    RenderBudget budget = CURRENT.get();
    if (budget == null) {
      return;
    }
    if (++budget.steps > MAX_STEPS) {
      throw new Exceeded(
          String.format(
              "the template takes more than %,d steps (loop iterations, filters, functions);"
                  + " rollrun stops it there (does a loop run away?)",
              MAX_STEPS),
          line);
    }
    if ((budget.steps & 0xff) == 0 && System.nanoTime() > budget.deadline) {
      throw new Exceeded(
          "rendering the template takes longer than "
              + MAX_MILLIS / 1000.0
              + "s; rollrun stops it there (does a loop run away?)",
          line);
    }
  }

  /** {@code value}, unless it is text or a collection too large to be part of a command. */
  static <T> T checkSize(T value, int line) {
    if (value instanceof CharSequence text && text.length() > MAX_CHARS) {
      throw tooLong(line);
    }
    int items =
        value instanceof Collection<?> c ? c.size() : value instanceof Map<?, ?> m ? m.size() : 0;
    if (items > MAX_ITEMS) {
      throw tooMany(line);
    }
    return value;
  }

  static Exceeded tooLong(int line) {
    return new Exceeded(
        String.format(
            "the template makes a text of more than %,d characters, longer than any command a"
                + " shell takes",
            MAX_CHARS),
        line);
  }

  static Exceeded tooMany(int line) {
    return new Exceeded(
        String.format("the template makes a list of more than %,d items", MAX_ITEMS), line);
  }

  /**
   * Refuses {@code range(start, end, increment)} of more than {@link #MAX_ITEMS} before it is made.
   */
  static void checkRange(Object start, Object end, Object increment, int line) {
    if (start instanceof Number from && end instanceof Number to) {
      double step = increment instanceof Number n ? Math.abs(n.doubleValue()) : 1;
      double count = step == 0 ? 0 : Math.abs(to.doubleValue() - from.doubleValue()) / step + 1;
      if (count > MAX_ITEMS) {
        throw tooMany(line);
      }
    }
  }

  /**
   * What a {@code for} loop iterates over, each item spending a step: a collection stays one (its
   * size is the loop's {@code loop.length}), a mapping is its entries, an array a list.
   */
  static Object counting(Object iterable, int line) {
    if (iterable == null) {
      return null;
    }
    Collection<?> items;
    if (iterable instanceof Map<?, ?> map) {
      items = map.entrySet();
    } else if (iterable instanceof Collection<?> collection) {
      items = collection;
    } else if (iterable.getClass().isArray()) {
      Object[] copy = new Object[Array.getLength(iterable)];
      for (int i = 0; i < copy.length; i++) {
        copy[i] = Array.get(iterable, i);
      }
      items = java.util.Arrays.asList(copy);
    } else if (iterable instanceof java.util.Enumeration<?> enumeration) {
      items = Collections.list(enumeration);
    } else if (iterable instanceof Iterable<?> other) {
      return (Iterable<Object>) () -> counted(other.iterator(), line);
    } else {
      return iterable; // not iterable: the loop says so itself
    }
    Collection<?> source = items;
    return new AbstractCollection<Object>() {
      @Override
      public Iterator<Object> iterator() {
        return counted(source.iterator(), line);
      }

      @Override
      public int size() {
        return source.size();
      }
    };
  }

  private static Iterator<Object> counted(Iterator<?> items, int line) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return items.hasNext();
      }

      @Override
      public Object next() {
        step(line);
        return items.next();
      }
    };
  }

  /**
   * {@code text} for a regular expression to match, the rendering's time limit checked as the
   * matcher reads it: a pattern that backtracks without end ({@code (a+)+$}) is stopped at the
   * deadline like a loop, instead of hanging the plan.
   */
  static CharSequence timed(CharSequence text, int line) {
    RenderBudget budget = CURRENT.get();
    return budget == null ? text : new TimedText(text, budget, line);
  }

  private record TimedText(CharSequence text, RenderBudget budget, int line)
      implements CharSequence {
    @Override
    public char charAt(int index) {
      if ((++budget.reads & 0xfff) == 0 && System.nanoTime() > budget.deadline) {
        throw new Exceeded(
            "matching the regular expression takes longer than "
                + MAX_MILLIS / 1000.0
                + "s; rollrun stops it there (does the pattern backtrack without end?)",
            line);
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new TimedText(text.subSequence(start, end), budget, line);
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
