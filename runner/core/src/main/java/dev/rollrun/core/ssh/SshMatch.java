package dev.rollrun.core.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One {@code Match} line of an ssh_config file, checked when it is read (a line OpenSSH refuses is
 * refused) and evaluated for each host as OpenSSH evaluates it ({@code match_cfg_line}): every
 * criterion must hold, a {@code !} before a criterion negates it.
 *
 * <ul>
 *   <li>{@code all}, {@code canonical}, {@code final} (true only in the second pass that {@code
 *       Match final} asks for), {@code host} (the {@code HostName} found so far, else the name
 *       given), {@code originalhost} (the name given), {@code user} (the remote user found so far),
 *       {@code localuser}, {@code tagged} and {@code sessiontype} (rollrun runs commands: {@code
 *       exec}) are evaluated;
 *   <li>{@code exec}, {@code localnetwork}, {@code version} and {@code command} are not: when the
 *       others of the line hold, whether the block applies depends on them alone, and the host is
 *       refused, naming the line. When another criterion of the line fails, they never matter.
 * </ul>
 */
final class SshMatch {

  private static final Set<String> WITH_ARGUMENT =
      Set.of(
          "host",
          "originalhost",
          "user",
          "localuser",
          "localnetwork",
          "version",
          "tagged",
          "command",
          "sessiontype",
          "exec");

  private static final Set<String> UNDECIDABLE =
      Set.of("exec", "localnetwork", "version", "command");

  /**
   * @param name the criterion in lower case ({@code host})
   * @param argument its patterns or command, {@code null} for those without
   */
  record Criterion(String name, boolean negated, String argument) {
    String written() {
      return (negated ? "!" : "") + name + (argument == null ? "" : " " + argument);
    }
  }

  /**
   * What a criterion is compared with for one host.
   *
   * @param host {@code HostName} found so far ({@code %h} expanded), else the name given
   * @param originalHost the name given ({@code ssh NAME}, the inventory address)
   * @param remoteUser the user found so far, else the local user
   * @param tag the {@code Tag} found so far, or {@code null}
   */
  record Subject(
      String host,
      String originalHost,
      String remoteUser,
      String localUser,
      String tag,
      boolean finalPass) {}

  /**
   * @param matches whether the block applies
   * @param wantsFinalPass the line asks for a second pass ({@code Match final})
   */
  record Result(boolean matches, boolean wantsFinalPass) {}

  private final SshConfigLine line;
  private final List<Criterion> criteria;

  private SshMatch(SshConfigLine line, List<Criterion> criteria) {
    this.line = line;
    this.criteria = List.copyOf(criteria);
  }

  List<Criterion> criteria() {
    return criteria;
  }

  /**
   * Reads a {@code Match} line.
   *
   * @throws SshConfigError for a line OpenSSH refuses ("Bad Match condition")
   */
  static SshMatch parse(SshConfigLine line) {
    List<Criterion> criteria = new ArrayList<>();
    List<String> args = line.args();
    int attributes = 0;
    for (int i = 0; i < args.size(); i++) {
      String attrib = args.get(i);
      boolean negated = attrib.startsWith("!");
      String name = (negated ? attrib.substring(1) : attrib).toLowerCase(Locale.ROOT);
      if (name.equals("all")) {
        if (attributes > 1 || i + 1 < args.size()) {
          throw bad(line, "'" + attrib + "' cannot be combined with other Match attributes");
        }
        criteria.add(new Criterion("all", negated, null));
        continue;
      }
      attributes++;
      if (name.equals("canonical") || name.equals("final")) {
        criteria.add(new Criterion(name, negated, null));
        continue;
      }
      String argument;
      int equals = name.indexOf('=');
      String plain = equals < 0 ? name : name.substring(0, equals);
      if (equals >= 0 && WITH_ARGUMENT.contains(plain) && !plain.equals("sessiontype")) {
        // "host=pattern": the argument keeps its case
        argument = (negated ? attrib.substring(1) : attrib).substring(equals + 1);
        name = plain;
      } else if (i + 1 < args.size()) {
        argument = args.get(++i);
      } else {
        throw bad(line, "missing argument for Match '" + attrib + "'");
      }
      if (!WITH_ARGUMENT.contains(name)) {
        throw bad(line, "unsupported Match attribute " + name);
      }
      if (argument.startsWith("#")
          || (argument.isEmpty() && !name.equals("tagged") && !name.equals("command"))) {
        throw bad(line, "missing Match criteria for " + name);
      }
      criteria.add(new Criterion(name, negated, argument));
    }
    if (attributes == 0 && criteria.isEmpty()) {
      throw bad(line, "one or more attributes required for Match");
    }
    return new SshMatch(line, criteria);
  }

  private static SshConfigError bad(SshConfigLine line, String why) {
    return new SshConfigError(line, "bad Match condition: " + why);
  }

  /**
   * @throws SshConfigError when whether the block applies depends on a criterion rollrun does not
   *     evaluate
   */
  Result evaluate(Subject subject) {
    boolean result = true;
    boolean wantsFinal = false;
    Criterion undecided = null;
    for (Criterion c : criteria) {
      Boolean r =
          switch (c.name()) {
            case "all" -> Boolean.TRUE;
            case "canonical" -> subject.finalPass();
            case "final" -> {
              wantsFinal |= !c.negated();
              yield subject.finalPass();
            }
            case "host" -> SshPatterns.hostMatches(subject.host(), c.argument());
            case "originalhost" -> SshPatterns.hostMatches(subject.originalHost(), c.argument());
            case "user" -> SshPatterns.matchList(subject.remoteUser(), c.argument(), false) == 1;
            case "localuser" ->
                SshPatterns.matchList(subject.localUser(), c.argument(), false) == 1;
            case "tagged" ->
                subject.tag() == null || subject.tag().isEmpty()
                    ? c.argument().isEmpty()
                    : SshPatterns.matchList(subject.tag(), c.argument(), false) == 1;
            case "sessiontype" -> SshPatterns.matchList("exec", c.argument(), false) == 1;
            default -> null;
          };
      if (r == null) {
        if (result && undecided == null) {
          undecided = c;
        }
        continue;
      }
      if (r == c.negated()) {
        result = false;
      }
    }
    if (result && undecided != null) {
      throw new SshConfigError(
          line,
          "Match "
              + undecided.written()
              + ": rollrun does not evaluate Match "
              + undecided.name()
              + ", and whether this block applies to the host depends on it");
    }
    return new Result(result, wantsFinal);
  }

  static boolean undecidable(String criterion) {
    return UNDECIDABLE.contains(criterion);
  }
}
