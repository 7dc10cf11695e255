package dev.rollrun.core.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as operators write them: {@code 512}, {@code 64KB}, {@code 10MiB}, {@code 1.5GB}. Decimal
 * units (KB, MB, GB) are powers of 1000, binary ones (KiB, MiB, GiB) powers of 1024, as on disks.
 */
public final class ByteSizes {

  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?");

  private ByteSizes() {}

  /**
   * @throws IllegalArgumentException with a message fit for an operator
   */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a size; write e.g. 512, 64KB, 10MiB, 1.5GB");
    }
    double amount = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    double factor =
        switch (unit) {
          case "kb" -> 1e3;
          case "mb" -> 1e6;
          case "gb" -> 1e9;
          case "tb" -> 1e12;
          case "kib" -> 1024.0;
          case "mib" -> 1024.0 * 1024;
          case "gib" -> 1024.0 * 1024 * 1024;
          case "tib" -> 1024.0 * 1024 * 1024 * 1024;
          default -> 1;
        };
    double bytes = amount * factor;
    if (bytes > Long.MAX_VALUE) {
      throw new IllegalArgumentException("\"" + text + "\" is too large a size");
    }
    return Math.round(bytes);
  }
}
