package dev.rollrun.core.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * TCP service names ({@code Port ssh}) as {@code getservbyname(3)} finds them in {@code
 * /etc/services}; {@code ssh} is 22 even on a machine without that file.
 */
final class TcpServices {

  private static final Path SERVICES = Path.of("/etc/services");

  private TcpServices() {}

  private static final class Loaded {
    static final Map<String, Integer> PORTS = load();

    private static Map<String, Integer> load() {
      Map<String, Integer> ports = new HashMap<>();
      try {
        for (String line :
            Files.readAllLines(SERVICES, java.nio.charset.StandardCharsets.ISO_8859_1)) {
          int hash = line.indexOf('#');
          String[] words = (hash < 0 ? line : line.substring(0, hash)).trim().split("\\s+");
          if (words.length < 2 || !words[1].endsWith("/tcp")) {
            continue;
          }
          try {
            int port = Integer.parseInt(words[1].substring(0, words[1].indexOf('/')));
            for (int i = 0; i < words.length; i++) {
              if (i != 1) {
                ports.putIfAbsent(words[i], port);
              }
            }
          } catch (NumberFormatException e) {
            // not a service line
          }
        }
      } catch (IOException | RuntimeException e) {
        // no services file: the built-in name below
      }
      ports.putIfAbsent("ssh", 22);
      return Map.copyOf(ports);
    }
  }

  /**
   * OpenSSH's {@code a2port}: a decimal number from 0 to 65535, or a TCP service name; -1 for
   * anything else.
   */
  static int port(String s) {
    if (!s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      String digits = s.replaceFirst("^0+(?=.)", "");
      return digits.length() <= 5 && Integer.parseInt(digits) <= 65535
          ? Integer.parseInt(digits)
          : -1;
    }
    return Loaded.PORTS.getOrDefault(s, -1);
  }
}
