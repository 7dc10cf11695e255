package dev.rollrun.core.report;

import dev.rollrun.api.Host;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line of one node's plan with the node's own name and address replaced by {@code <host.name>}
 * and {@code <host.address>}, so that the lines of nodes that differ only there read the same: the
 * grouped plans show {@code tcp <host.address>:8080} once for 200 nodes.
 *
 * <p>The replacement is taken only when it is exact: putting the node's name and address back must
 * give the line again, character for character. Otherwise the line stays as it was and, if it
 * differs from node to node, is listed per node.
 */
final class HostFields {

  static final String NAME = "<host.name>";
  static final String ADDRESS = "<host.address>";

  private HostFields() {}

  /** The line with {@code host}'s name and address as placeholders, where that is exact. */
  static String abstracted(Host host, String line) {
    if (line == null || line.isEmpty() || line.contains(NAME) || line.contains(ADDRESS)) {
      return line;
    }
    String name = host.name();
    String address = host.address();
    String result;
    if (address.equals(name)) {
      result = replace(line, name, NAME);
    } else if (address.length() >= name.length()) {
      // The longer first: a name may be part of its address (web-1, web-1.example.com).
      result = replace(replace(line, address, ADDRESS), name, NAME);
    } else {
      result = replace(replace(line, name, NAME), address, ADDRESS);
    }
    return concrete(host, result).equals(line) ? result : line;
  }

  /** The line with the placeholders filled in for {@code host}. */
  static String concrete(Host host, String line) {
    return line.replace(ADDRESS, host.address()).replace(NAME, host.name());
  }

  /**
   * Every occurrence of {@code value} that is not part of a longer word or number: {@code web-1} is
   * replaced in {@code web-1:8080} and {@code /srv/web-1/}, not in {@code web-10}.
   */
  private static String replace(String line, String value, String placeholder) {
    if (value.isEmpty() || !line.contains(value)) {
      return line;
    }
    Matcher matcher =
        Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(value) + "(?![A-Za-z0-9])")
            .matcher(line);
    return matcher.replaceAll(Matcher.quoteReplacement(placeholder));
  }
}
