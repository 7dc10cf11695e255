package dev.rollrun.core.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hides known secret values in text that leaves rollrun (command output, messages, events, logs):
 * each occurrence of a value becomes {@code <secret:NAME>}, as plans show it.
 *
 * <p>Values shorter than {@link #MIN_LENGTH} characters are not hidden: replacing every {@code a}
 * or {@code 1} in all output would make it unreadable and protects nothing. Longer values are
 * replaced longest first, so a secret that contains another is hidden whole.
 */
public final class Redactor {

  /** The shortest value that is hidden. */
  public static final int MIN_LENGTH = 4;

  /** Hides nothing. */
  public static final Redactor NONE = new Redactor(Map.of());

  private final List<Map.Entry<String, String>> byValue;

  /**
   * @param secrets secret values by name ({@code token}, {@code db.password}, {@code env.X})
   */
  public Redactor(Map<String, String> secrets) {
    Map<String, String> names = new LinkedHashMap<>();
    secrets.forEach(
        (name, value) -> {
          if (value != null && value.length() >= MIN_LENGTH) {
            names.putIfAbsent(value, name);
          }
        });
    List<Map.Entry<String, String>> entries = new ArrayList<>(names.entrySet());
    entries.sort(
        Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
    this.byValue = Collections.unmodifiableList(entries);
  }

  /** {@code text} with every known secret value replaced by {@code <secret:NAME>}. */
  public String redact(String text) {
    if (text == null || byValue.isEmpty()) {
      return text;
    }
    String result = text;
    for (Map.Entry<String, String> e : byValue) {
      if (result.contains(e.getKey())) {
        result = result.replace(e.getKey(), "<secret:" + e.getValue() + ">");
      }
    }
    return result;
  }

  /** True when there is nothing to hide. */
  public boolean isEmpty() {
    return byValue.isEmpty();
  }

  /** A redactor hiding the values of both. */
  public Redactor and(Redactor other) {
    Map<String, String> all = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : byValue) {
      all.put(e.getValue(), e.getKey());
    }
    for (Map.Entry<String, String> e : other.byValue) {
      all.putIfAbsent(e.getValue(), e.getKey());
    }
    return new Redactor(all);
  }
}
