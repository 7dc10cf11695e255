package dev.rollrun.core.ssh;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One ssh_config file as read from disk, with the files its {@code Include} lines name already read
 * (they do not depend on the host: an {@code Include} whose path has tokens is kept unread and
 * refused for the hosts it concerns). Every line is checked as OpenSSH checks it whether or not its
 * block applies to a host: a line OpenSSH refuses makes the whole configuration unusable, as it
 * makes ssh itself refuse to run.
 *
 * <p>{@code Include} follows {@code ssh_config(5)}: several paths per line, shell globs ({@code *},
 * {@code ?}, {@code [...]}, files in name order, dot files only when named), relative paths under
 * {@code ~/.ssh} for the user's file and under the system file's directory for the system's, at
 * most 16 levels deep. Included files (and the user's own {@code ~/.ssh/config}) must belong to the
 * user or root and not be writable by others, as OpenSSH requires.
 */
final class SshConfigFile {

  private static final int MAX_DEPTH = 16;

  /** A {@link Directive}, an {@link Include}, or {@link HostBlocks}. */
  sealed interface Item permits Directive, Include, HostBlocks {}

  /**
   * One line of the file that is not an {@code Include}.
   *
   * @param keyword what OpenSSH knows of it, or {@code null} for a keyword it does not know
   * @param match for a {@code Match} line, its criteria
   */
  record Directive(SshConfigLine line, SshKeywords.Keyword keyword, SshMatch match)
      implements Item {}

  /**
   * An {@code Include} line and what it read.
   *
   * @param refusal why rollrun did not follow it, or {@code null}
   */
  record Include(SshConfigLine line, List<SshConfigFile> files, String refusal) implements Item {}

  /**
   * A run of {@code Host} blocks whose patterns are plain names (no {@code *}, {@code ?} or {@code
   * !}), each with the directives under it: which of them apply to a host is a lookup of its name,
   * not a walk over every block. (A configuration of 5,000 such blocks is read for 5,000 hosts in
   * milliseconds instead of seconds.)
   *
   * @param blocks in file order
   * @param byName for each name, the indexes of the blocks it names, in order
   */
  record HostBlocks(List<Block> blocks, Map<String, List<Integer>> byName) implements Item {}

  /** A {@code Host} line and the directives under it. */
  record Block(Directive host, List<Directive> body) {}

  private static final int SMALLEST_RUN = 2;

  private final Path path;
  private final List<Item> items;

  private SshConfigFile(Path path, List<Item> items) {
    this.path = path;
    this.items = List.copyOf(items);
  }

  Path path() {
    return path;
  }

  /** The file's {@link Directive}s and {@link Include}s, in file order. */
  List<Item> items() {
    return items;
  }

  /** How a file is read. */
  record Reading(boolean userConfig, Path systemDirectory, LocalAccount local) {}

  /**
   * Reads a top-level configuration file; a file that does not exist is empty.
   *
   * @param checkPermissions refuse the file when others could write it (OpenSSH does for {@code
   *     ~/.ssh/config}, not for a file named with {@code -F})
   * @throws SshConfigError for a line OpenSSH refuses, or a file it cannot use
   */
  static SshConfigFile read(Path file, Reading reading, boolean checkPermissions) {
    if (!Files.exists(file)) {
      return new SshConfigFile(file, List.of());
    }
    return read(file, reading, checkPermissions, 0);
  }

  private static SshConfigFile read(
      Path file, Reading reading, boolean checkPermissions, int depth) {
    if (depth > MAX_DEPTH) {
      throw new SshConfigError(
          new SettingSource(file, 0, null), "too many recursive configuration includes");
    }
    if (checkPermissions) {
      checkPermissions(file, reading.local());
    }
    if (Files.isDirectory(file)) {
      return new SshConfigFile(file, List.of()); // OpenSSH reads no line from a directory
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE)
              .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (IOException e) {
      throw new SshConfigError(
          new SettingSource(file, 0, null), "cannot read: " + KnownHostsFile.reason(e));
    }
    List<Item> items = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
    for (int i = 0; i < count; i++) {
      SshConfigLine line = SshConfigLine.parse(file, i + 1, lines[i]);
      if (line == null) {
        continue;
      }
      if (line.keyword().equals("include")) {
        items.add(include(line, reading, depth));
        continue;
      }
      SshKeywords.Keyword keyword = SshKeywords.get(line.keyword());
      SshMatch match = null;
      if (keyword != null) {
        SshValues.check(keyword, line);
        if (line.keyword().equals("match")) {
          match = SshMatch.parse(line);
        }
      }
      items.add(new Directive(line, keyword, match));
    }
    return new SshConfigFile(file, indexed(items));
  }

  /** The items, with runs of plain-named {@code Host} blocks gathered into {@link HostBlocks}. */
  private static List<Item> indexed(List<Item> items) {
    List<Item> out = new ArrayList<>();
    List<Block> run = new ArrayList<>();
    int i = 0;
    while (i < items.size()) {
      Item item = items.get(i);
      if (item instanceof Directive d && plainHostLine(d)) {
        int end = i + 1;
        List<Directive> body = new ArrayList<>();
        while (end < items.size()
            && items.get(end) instanceof Directive b
            && b.keyword() != null
            && b.keyword().use() != SshKeywords.Use.STRUCTURE) {
          body.add(b);
          end++;
        }
        boolean endsBlock =
            end == items.size()
                || (items.get(end) instanceof Directive next
                    && next.keyword() != null
                    && next.keyword().use() == SshKeywords.Use.STRUCTURE
                    && !(next.line().keyword().equals("include")));
        if (endsBlock) {
          run.add(new Block(d, body));
          i = end;
          continue;
        }
      }
      flush(run, out);
      out.add(item);
      i++;
    }
    flush(run, out);
    return out;
  }

  private static void flush(List<Block> run, List<Item> out) {
    if (run.size() < SMALLEST_RUN) {
      for (Block b : run) {
        out.add(b.host());
        out.addAll(b.body());
      }
    } else {
      Map<String, List<Integer>> byName = new HashMap<>();
      for (int k = 0; k < run.size(); k++) {
        for (String name : run.get(k).host().line().args()) {
          List<Integer> at = byName.computeIfAbsent(name, n -> new ArrayList<>());
          if (at.isEmpty() || at.get(at.size() - 1) != k) {
            at.add(k);
          }
        }
      }
      Map<String, List<Integer>> frozen = new HashMap<>();
      byName.forEach((name, at) -> frozen.put(name, List.copyOf(at)));
      out.add(new HostBlocks(List.copyOf(run), Map.copyOf(frozen)));
    }
    run.clear();
  }

  /** A {@code Host} line whose patterns are all plain names. */
  private static boolean plainHostLine(Directive d) {
    if (!d.line().keyword().equals("host")) {
      return false;
    }
    for (String p : d.line().args()) {
      if (p.startsWith("!") || p.indexOf('*') >= 0 || p.indexOf('?') >= 0) {
        return false;
      }
    }
    return true;
  }

  private static Include include(SshConfigLine line, Reading reading, int depth) {
    List<SshConfigFile> files = new ArrayList<>();
    for (String arg : line.args()) {
      if (arg.isEmpty()) {
        throw new SshConfigError(line, "keyword Include empty argument");
      }
      if (arg.contains("%") || arg.contains("${")) {
        return new Include(
            line,
            List.of(),
            "Include \""
                + arg
                + "\": OpenSSH 9.x includes such a path as written, later releases expand its"
                + " tokens and variables; rollrun cannot tell which file your ssh reads");
      }
      if (arg.startsWith("~") && !reading.userConfig()) {
        throw new SshConfigError(line, "bad include path " + arg);
      }
      String pattern;
      if (arg.startsWith("/") || arg.startsWith("~")) {
        pattern = arg;
      } else {
        pattern =
            reading.userConfig()
                ? "~/.ssh/" + arg
                : reading.systemDirectory().toString() + "/" + arg;
      }
      if (pattern.startsWith("~")) {
        // glob(3) takes ~ from $HOME (ssh's other ~ come from the password database).
        LocalAccount local = reading.local();
        String home = local.environment().get("HOME");
        if (home != null && !home.isEmpty()) {
          local = local.withHome(Path.of(home));
        }
        try {
          pattern = SshTokens.tilde(pattern, local);
        } catch (SshTokens.Problem e) {
          throw new SshConfigError(line, e.getMessage());
        }
      }
      for (Path found : glob(pattern)) {
        try {
          files.add(read(found, reading, true, depth + 1));
        } catch (SshConfigError e) {
          throw e;
        } catch (RuntimeException e) {
          throw new SshConfigError(line, "cannot read included file " + found + ": " + e);
        }
      }
    }
    return new Include(line, files, null);
  }

  private static void checkPermissions(Path file, LocalAccount local) {
    try {
      int uid = ((Number) Files.getAttribute(file, "unix:uid")).intValue();
      int mode = ((Number) Files.getAttribute(file, "unix:mode")).intValue();
      boolean owner = uid == 0 || local.uid() < 0 || uid == local.uid();
      if (!owner || (mode & 0022) != 0) {
        throw new SshConfigError(
            new SettingSource(file, 0, null),
            "bad owner or permissions: ssh refuses a configuration file that "
                + (owner
                    ? "others can write (chmod go-w " + file + ")"
                    : "belongs to another user"));
      }
    } catch (NoSuchFileException e) {
      throw new SshConfigError(new SettingSource(file, 0, null), "no such file");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // A file system without Unix owners and modes: nothing to check.
    }
  }

  /**
   * The files a {@code glob(3)} pattern names, in name order: {@code *}, {@code ?} and {@code
   * [...]} in any component, a backslash quotes the next character, and a name starting with a dot
   * is matched only by a pattern that starts with one.
   */
  static List<Path> glob(String pattern) {
    List<String> found = new ArrayList<>();
    boolean absolute = pattern.startsWith("/");
    String[] parts = pattern.split("/+");
    expand(absolute ? "/" : "", parts, absolute ? 1 : 0, found);
    return found.stream().sorted().map(Path::of).toList();
  }

  private static void expand(String prefix, String[] parts, int index, List<String> found) {
    if (index == parts.length) {
      if (!prefix.isEmpty() && Files.exists(Path.of(prefix), LinkOption.NOFOLLOW_LINKS)) {
        found.add(prefix);
      }
      return;
    }
    String part = parts[index];
    String joiner = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    if (part.isEmpty()) {
      expand(prefix, parts, index + 1, found);
      return;
    }
    if (!hasMagic(part)) {
      expand(joiner + unquote(part), parts, index + 1, found);
      return;
    }
    Path dir = Path.of(prefix.isEmpty() ? "." : prefix);
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        names.add(entry.getFileName().toString());
      }
    } catch (IOException e) {
      return;
    }
    names.sort(null);
    for (String name : names) {
      if (name.startsWith(".") && !part.startsWith(".")) {
        continue;
      }
      if (fnmatch(part, 0, name, 0)) {
        expand(joiner + name, parts, index + 1, found);
      }
    }
  }

  private static boolean hasMagic(String part) {
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '*' || c == '?' || c == '[') {
        return true;
      }
    }
    return false;
  }

  private static String unquote(String part) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '\\' && i + 1 < part.length()) {
        c = part.charAt(++i);
      }
      s.append(c);
    }
    return s.toString();
  }

  private static boolean fnmatch(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      switch (c) {
        case '*' -> {
          for (int k = si; k <= s.length(); k++) {
            if (fnmatch(p, pi + 1, s, k)) {
              return true;
            }
          }
          return false;
        }
        case '?' -> {
          if (si >= s.length()) {
            return false;
          }
          pi++;
          si++;
        }
        case '[' -> {
          int close = p.indexOf(']', pi + 2);
          if (close < 0 || si >= s.length()) {
            if (si < s.length() && s.charAt(si) == '[') {
              pi++;
              si++;
              continue;
            }
            return false;
          }
          boolean negate = p.charAt(pi + 1) == '!' || p.charAt(pi + 1) == '^';
          int from = negate ? pi + 2 : pi + 1;
          if (negate && close == from) {
            close = p.indexOf(']', from + 1);
            if (close < 0) {
              return false;
            }
          }
          boolean in = false;
          char ch = s.charAt(si);
          for (int k = from; k < close; k++) {
            char lo = p.charAt(k);
            if (k + 2 < close && p.charAt(k + 1) == '-') {
              if (ch >= lo && ch <= p.charAt(k + 2)) {
                in = true;
              }
              k += 2;
            } else if (lo == ch) {
              in = true;
            }
          }
          if (in == negate) {
            return false;
          }
          pi = close + 1;
          si++;
        }
        case '\\' -> {
          if (pi + 1 < p.length()) {
            pi++;
          }
          if (si >= s.length() || s.charAt(si) != p.charAt(pi)) {
            return false;
          }
          pi++;
          si++;
        }
        default -> {
          if (si >= s.length() || s.charAt(si) != c) {
            return false;
          }
          pi++;
          si++;
        }
      }
    }
    return si == s.length();
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
