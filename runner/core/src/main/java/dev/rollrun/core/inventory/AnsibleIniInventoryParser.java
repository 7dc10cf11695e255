package dev.rollrun.core.inventory;

import dev.rollrun.core.inventory.AnsibleHostPattern.InvalidHostPatternException;
import dev.rollrun.core.inventory.AnsibleInventoryBuilder.Value;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.text.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an Ansible INI inventory as operators already have it.
 *
 * <pre>
 * bastion.example.com              # before any section: ungrouped
 *
 * [web]                            # a group: one host (or host range) per line
 * web[01:03].example.com ansible_user=deploy
 * web-canary ansible_host=10.0.0.9 ansible_port=2222 motd="canary host"
 *
 * [db]
 * db-[a:b] ansible_host=10.0.1.1
 *
 * [prod:children]                  # groups inside a group
 * web
 * db
 *
 * [prod:vars]                      # variables for every host in the group
 * http_port = 8080
 * </pre>
 *
 * <ul>
 *   <li>Lines starting with {@code #} or {@code ;} are comments, and so is everything from a {@code
 *       #} that follows whitespace outside quotes.
 *   <li>A host line is a host pattern ({@code name}, {@code name:port}, or a name with {@code
 *       [01:03]} or {@code [a:c]} ranges, see {@link AnsibleHostPattern}) and then {@code
 *       key=value} pairs; a value may be quoted with {@code "} or {@code '} and a backslash escapes
 *       the next character, as in a POSIX shell.
 *   <li>A {@code [group:vars]} line is {@code key = value}, spaces allowed around {@code =}; the
 *       value is the rest of the line, a {@code #} included unless the value is a Python literal.
 *   <li>Values are typed as Ansible types them, on host lines after the shell-like splitting: a
 *       Python literal ({@code 5}, {@code False}, {@code None}, {@code [1, 2]}, {@code "text"}) is
 *       that value, anything else the text itself ({@link PythonLiteral}); {@code ansible_port}
 *       must be a whole number 1 to 65535.
 *   <li>A group is defined by a {@code [group]} or {@code [group:children]} section; {@code
 *       [group:vars]} and {@code children} entries may only name defined groups (or {@code all} and
 *       {@code ungrouped}), in any order in the file.
 * </ul>
 *
 * <p>Connection variables, roles and variable precedence are resolved as {@link
 * AnsibleInventoryBuilder} describes. Every problem is collected and reported together as an {@link
 * InvalidConfigException} naming {@code file:line:column}.
 */
public final class AnsibleIniInventoryParser {

  // As in Ansible: a group name has no ':', ']' or whitespace; a trailing comment may follow.
  private static final Pattern SECTION =
      Pattern.compile("\\[([^:\\]\\s]+)(?::([^\\]\\s]*))?\\]\\s*(?:#.*)?");
  private static final Pattern GROUP_NAME = Pattern.compile("[^:\\]\\s\\[]+");
  private static final Pattern KEY = Pattern.compile("[^\\s\"'=]+");
  private static final List<String> SECTION_KINDS = List.of("vars", "children");

  public Inventory parse(String displayName, String text) {
    ProblemCollector problems = new ProblemCollector();
    AnsibleInventoryBuilder builder = new AnsibleInventoryBuilder(displayName, problems);
    read(builder, problems, displayName, text);
    Inventory inventory = builder.build();
    problems.throwIfAny();
    return inventory;
  }

  /**
   * Reads one file of an inventory into {@code builder}, which may hold the groups and hosts of
   * files read before it (an inventory directory): a group defined there is defined here too.
   */
  void read(
      AnsibleInventoryBuilder builder, ProblemCollector problems, String displayName, String text) {
    new Reading(displayName, builder, problems).read(text);
  }

  private enum Section {
    HOSTS,
    VARS,
    CHILDREN,
    /** After a broken header: its lines belong to no known group, so they are not read. */
    SKIPPED
  }

  private record ChildReference(String parent, String child, SourcePosition position) {}

  private record Token(String text, int index) {}

  /** The state of reading one file. */
  private static final class Reading {
    private final String file;
    private final ProblemCollector problems;
    private final AnsibleInventoryBuilder builder;
    private final Set<String> defined = new LinkedHashSet<>();
    private final Map<String, SourcePosition> varsSections = new LinkedHashMap<>();
    private final List<ChildReference> children = new ArrayList<>();
    private String group = AnsibleInventoryBuilder.UNGROUPED;
    private Section section = Section.HOSTS;
    private int lineNumber;
    private String line;

    Reading(String file, AnsibleInventoryBuilder builder, ProblemCollector problems) {
      this.file = file;
      this.builder = builder;
      this.problems = problems;
      defined.addAll(builder.groupNames());
    }

    void read(String text) {
      String content = text.startsWith("\uFEFF") ? text.substring(1) : text;
      for (String raw : content.lines().toList()) {
        lineNumber++;
        line = raw;
        int start = 0;
        while (start < line.length() && Character.isWhitespace(line.charAt(start))) {
          start++;
        }
        if (start == line.length() || line.charAt(start) == '#' || line.charAt(start) == ';') {
          continue;
        }
        if (line.charAt(start) == '[') {
          header(start);
          continue;
        }
        switch (section) {
          case HOSTS -> hostLine(start);
          case VARS -> varLine(start);
          case CHILDREN -> childLine(start);
          case SKIPPED -> {}
        }
      }
      checkReferences();
    }

    private void header(int start) {
      String content = line.strip();
      Matcher m = SECTION.matcher(content);
      section = Section.SKIPPED;
      if (!m.matches()) {
        problems.add(
            at(start),
            "malformed section header \""
                + content
                + "\"; expected [group], [group:vars] or [group:children], without spaces");
        return;
      }
      group = m.group(1);
      String kind = m.group(2);
      if (kind == null) {
        section = Section.HOSTS;
        defined.add(group);
      } else if (kind.equals("vars")) {
        section = Section.VARS;
        varsSections.putIfAbsent(group, at(start));
      } else if (kind.equals("children")) {
        section = Section.CHILDREN;
        defined.add(group);
      } else {
        problems.add(
            at(start + m.start(2)),
            "section ["
                + group
                + ":"
                + kind
                + "] is neither :vars nor :children"
                + Suggestions.didYouMean(kind, SECTION_KINDS));
        return;
      }
      builder.group(group);
    }

    private void hostLine(int start) {
      List<Token> tokens = tokenize(start);
      if (tokens.isEmpty()) {
        return;
      }
      Token first = tokens.get(0);
      if (first.text().contains("=")) {
        problems.add(
            at(first.index()),
            "expected a host name, found \""
                + first.text()
                + "\" (is a ["
                + group
                + ":vars] header missing?)");
        return;
      }
      AnsibleHostPattern.Expansion expansion;
      try {
        expansion = AnsibleHostPattern.expand(first.text());
      } catch (InvalidHostPatternException e) {
        problems.add(at(first.index()), e.getMessage());
        return;
      }
      SourcePosition position = at(first.index());
      for (String name : expansion.names()) {
        builder.host(name, group, position);
        if (expansion.port() > 0) {
          builder.hostVar(name, "ansible_port", new Value(expansion.port(), position));
        }
      }
      for (Token token : tokens.subList(1, tokens.size())) {
        int equals = token.text().indexOf('=');
        String key = equals < 0 ? "" : token.text().substring(0, equals);
        if (!KEY.matcher(key).matches()) {
          problems.add(
              at(token.index()),
              "expected key=value after host \""
                  + first.text()
                  + "\", found \""
                  + token.text()
                  + "\"");
          continue;
        }
        SourcePosition valueAt = at(token.index() + equals + 1);
        Object typed = typed(token.text().substring(equals + 1), valueAt, key);
        Value value = new Value(typed, valueAt);
        expansion.names().forEach(name -> builder.hostVar(name, key, value));
      }
    }

    private void varLine(int start) {
      // As in Ansible: everything after "=" is the value, a "#" included; only a Python literal
      // ends where a comment starts (typed below).
      String content = line.substring(start).stripTrailing();
      int equals = content.indexOf('=');
      String key = equals < 0 ? "" : content.substring(0, equals).strip();
      if (!KEY.matcher(key).matches()) {
        problems.add(
            at(start),
            "expected key=value in [" + group + ":vars], found \"" + content.strip() + "\"");
        return;
      }
      String raw = content.substring(equals + 1);
      int valueIndex = start + equals + 1 + (raw.length() - raw.stripLeading().length());
      SourcePosition valueAt = at(valueIndex);
      builder.groupVar(group, key, new Value(typed(raw.strip(), valueAt, key), valueAt));
    }

    /** The value as Ansible types it ({@link PythonLiteral}); a complex number is a problem. */
    private Object typed(String text, SourcePosition at, String key) {
      try {
        return PythonLiteral.value(text);
      } catch (PythonLiteral.UnsupportedLiteralException e) {
        problems.add(at, key + ": " + e.getMessage());
        return text;
      }
    }

    private void childLine(int start) {
      String child = withoutComment(start).strip();
      if (!GROUP_NAME.matcher(child).matches()) {
        problems.add(
            at(start),
            "expected one group name per line in ["
                + group
                + ":children], found \""
                + child
                + "\"");
        return;
      }
      children.add(new ChildReference(group, child, at(start)));
    }

    /** Children and vars may name a group defined further down, so they are checked at the end. */
    private void checkReferences() {
      for (ChildReference reference : children) {
        if (defined.contains(reference.child())) {
          builder.child(reference.parent(), reference.child(), reference.position());
        } else {
          problems.add(
              reference.position(),
              "group \""
                  + reference.parent()
                  + "\" lists child group \""
                  + reference.child()
                  + "\", which is not defined"
                  + Suggestions.didYouMean(
                      reference.child(),
                      candidates(reference.parent(), AnsibleInventoryBuilder.ALL)));
        }
      }
      varsSections.forEach(
          (name, position) -> {
            if (!defined.contains(name)) {
              problems.add(
                  position,
                  "section ["
                      + name
                      + ":vars] is for group \""
                      + name
                      + "\", which is not defined"
                      + Suggestions.didYouMean(name, candidates(name)));
            }
          });
    }

    private List<String> candidates(String... except) {
      List<String> excluded = List.of(except);
      return defined.stream().filter(g -> !excluded.contains(g)).toList();
    }

    /**
     * Splits a host line into words the way Ansible's shlex does: whitespace separates, quotes
     * group and are removed, a backslash escapes, and a {@code #} starting a word ends the line.
     */
    private List<Token> tokenize(int start) {
      List<Token> tokens = new ArrayList<>();
      int i = start;
      while (i < line.length()) {
        char c = line.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
          continue;
        }
        if (c == '#') {
          break;
        }
        int tokenStart = i;
        StringBuilder text = new StringBuilder();
        while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
          c = line.charAt(i);
          if (c == '"' || c == '\'') {
            int close = closingQuote(i);
            if (close < 0) {
              problems.add(
                  at(i),
                  "unclosed "
                      + c
                      + " quote"
                      + (tokens.isEmpty()
                          ? " in a host name"
                          : " in a variable of host \"" + tokens.get(0).text() + "\""));
              return tokens.isEmpty() ? tokens : tokens.subList(0, 1);
            }
            text.append(unescape(line.substring(i + 1, close), c));
            i = close + 1;
          } else if (c == '\\' && i + 1 < line.length()) {
            text.append(line.charAt(i + 1));
            i += 2;
          } else {
            text.append(c);
            i++;
          }
        }
        tokens.add(new Token(text.toString(), tokenStart));
      }
      return tokens;
    }

    private int closingQuote(int open) {
      char quote = line.charAt(open);
      for (int i = open + 1; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quote == '"' && c == '\\') {
          i++;
        } else if (c == quote) {
          return i;
        }
      }
      return -1;
    }

    /** Inside double quotes a backslash escapes only {@code "} and itself, as in POSIX shells. */
    private static String unescape(String quoted, char quote) {
      if (quote == '\'') {
        return quoted;
      }
      return quoted.replaceAll("\\\\([\"\\\\])", "$1");
    }

    /** The line from {@code start}, without a {@code #} comment that follows whitespace. */
    private String withoutComment(int start) {
      char quote = 0;
      for (int i = start; i < line.length(); i++) {
        char c = line.charAt(i);
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          }
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '#' && i > start && Character.isWhitespace(line.charAt(i - 1))) {
          return line.substring(start, i);
        }
      }
      return line.substring(start);
    }

    /** A position on the current line; columns count characters as editors do. */
    private SourcePosition at(int index) {
      return new SourcePosition(file, lineNumber, line.codePointCount(0, index) + 1);
    }
  }
}
