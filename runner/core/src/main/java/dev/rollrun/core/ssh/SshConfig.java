package dev.rollrun.core.ssh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operator's ssh client configuration (the user's file, then the system's), read once, and
 * evaluated for a host exactly as OpenSSH's {@code ssh} evaluates it ({@code readconf.c}, {@code
 * ssh.c}); {@code ssh_config(5)} is the specification and {@code ssh -G} the judge (see the corpus
 * test):
 *
 * <ol>
 *   <li>what the inventory says comes first, as options on ssh's command line do ({@code -p},
 *       {@code -l}, {@code -i}, then {@code -o} for {@code ssh.options});
 *   <li>then the user's file, then the system's, each line in order: {@code Host} and {@code Match}
 *       decide whether the lines below them apply, {@code Include} reads other files in place, and
 *       the first value obtained for a setting is kept;
 *   <li>{@code HostName} has its {@code %h} expanded and is lower-cased (an IP address is written
 *       in its canonical form);
 *   <li>when a {@code Match final} asks for it, the files are read a second time with the host name
 *       now known, {@code Host} patterns matched against it, to fill what is still unset;
 *   <li>then OpenSSH's defaults, and tokens in the values that take them.
 * </ol>
 *
 * <p>Immutable once read; evaluations of different hosts run in parallel.
 */
final class SshConfig {

  private static final List<String> DEFAULT_IDENTITIES =
      List.of("~/.ssh/id_rsa", "~/.ssh/id_ecdsa", "~/.ssh/id_ed25519");
  private static final List<String> DEFAULT_USER_KNOWN_HOSTS =
      List.of("~/.ssh/known_hosts", "~/.ssh/known_hosts2");

  private final List<SshConfigFile> files;
  private final List<Boolean> userFiles;
  private final LocalAccount local;
  private final List<String> defaultGlobalKnownHosts;

  /**
   * @param userFile the user's configuration, already read (its lines count as "user provided")
   * @param systemFile the system's, or {@code null} (as with {@code ssh -F})
   * @param defaultGlobalKnownHosts {@code GlobalKnownHostsFile} when no line sets it
   */
  SshConfig(
      SshConfigFile userFile,
      SshConfigFile systemFile,
      LocalAccount local,
      List<String> defaultGlobalKnownHosts) {
    List<SshConfigFile> f = new ArrayList<>();
    List<Boolean> u = new ArrayList<>();
    f.add(userFile);
    u.add(true);
    if (systemFile != null) {
      f.add(systemFile);
      u.add(false);
    }
    this.files = List.copyOf(f);
    this.userFiles = List.copyOf(u);
    this.local = local;
    this.defaultGlobalKnownHosts = List.copyOf(defaultGlobalKnownHosts);
  }

  /**
   * What a host is evaluated for: the name given and what the command line would say.
   *
   * @param hostArg the name given: the inventory address, or a jump host's name
   * @param port {@code -p}, or 0
   * @param user {@code -l}, or {@code null}
   * @param identity {@code -i}, or {@code null}
   * @param options {@code -o} options ({@code ProxyCommand=ssh -W %h:%p bastion}), in order, each
   *     with where it came from
   * @param jump {@code -J}: the jump hosts before this one, or {@code null}
   * @param source where the command line values came from (the inventory, a {@code ProxyJump} line)
   */
  record Query(
      String hostArg,
      int port,
      String user,
      String identity,
      List<Option> options,
      String jump,
      SettingSource source) {

    Query {
      options = List.copyOf(options);
    }
  }

  /** One {@code -o} option as written ({@code Port=2222}) and where it came from. */
  record Option(String text, SettingSource source) {}

  /**
   * @throws SshConfigError when ssh itself would refuse to connect to this host with this
   *     configuration (a line it cannot read, {@code RefuseConnection}, a jump loop)
   */
  SshHostConfig evaluate(Query q) {
    SshOptions o = new SshOptions();
    commandLine(o, q);
    Pass first = pass(o, q, false, q.hostArg());
    SshOptions.Value written = o.get("hostname");
    String host = written == null ? q.hostArg() : hostname(written, q.hostArg());
    // An address is written in its canonical form (unless that differs only in case), a name in
    // lower case.
    String canonical = IpLiterals.canonical(host);
    if (canonical == null && !IpLiterals.looksNumeric(host)) {
      host = host.toLowerCase(Locale.ROOT);
    } else if (canonical != null && !canonical.equalsIgnoreCase(host)) {
      host = canonical;
    }
    SettingSource hostSource = written == null ? q.source().about("address") : written.source();
    if (first.wantsFinal()) {
      o.replaceHostname(host);
      pass(o, q, true, host);
      return settle(o, q, host, hostSource);
    }
    if (first.negatedFinal() == null) {
      return settle(o, q, host, hostSource);
    }
    // "Match !final" asks OpenSSH before 10.1 for a second pass, and later releases not: when the
    // two would differ for this host, rollrun cannot tell which your ssh does.
    SshOptions again = new SshOptions();
    commandLine(again, q);
    pass(again, q, false, q.hostArg());
    again.replaceHostname(host);
    pass(again, q, true, host);
    SshHostConfig without = settle(o, q, host, hostSource);
    SshHostConfig with = settle(again, q, host, hostSource);
    if (essence(without).equals(essence(with))) {
      return without;
    }
    List<SshConfigError> refusals = new ArrayList<>(without.refusals());
    refusals.add(
        new SshConfigError(
            first.negatedFinal(),
            "Match !final: OpenSSH before 10.1 reads the files a second time for it, later releases"
                + " do not, and for this host the two differ; rollrun cannot tell which your ssh"
                + " does"));
    return without.withRefusals(refusals);
  }

  /** What a host's settings come to, without where they came from. */
  private static List<Object> essence(SshHostConfig c) {
    return List.of(
        c.hostname().value(),
        c.port().value(),
        c.user().value(),
        c.identityFiles().stream().map(SshHostConfig.IdentityFile::written).toList(),
        c.identitiesOnly().value(),
        String.valueOf(c.identityAgent() == null ? null : c.identityAgent().value()),
        String.valueOf(c.proxyCommand() == null ? null : c.proxyCommand().value()),
        String.valueOf(c.jumps() == null ? null : c.jumps().value()),
        c.userKnownHosts().value(),
        c.globalKnownHosts().value(),
        String.valueOf(
            c.strictHostKeyChecking() == null ? null : c.strictHostKeyChecking().value()),
        String.valueOf(c.hostKeyAlias() == null ? null : c.hostKeyAlias().value()),
        c.hashKnownHosts().value(),
        c.refusals().stream().map(SshConfigError::problem).toList());
  }

  private void commandLine(SshOptions o, Query q) {
    if (q.port() > 0) {
      o.apply(
          keyword("port"),
          line(q, "Port", String.valueOf(q.port())),
          q.source().about("port"),
          true);
    }
    if (q.user() != null) {
      o.apply(keyword("user"), line(q, "User", q.user()), q.source().about("user"), true);
    }
    if (q.identity() != null) {
      // ssh expands ~ in -i at once, its tokens later with the others.
      String identity;
      try {
        identity = SshTokens.tilde(q.identity(), local);
      } catch (SshTokens.Problem e) {
        throw new SshConfigError(
            q.source().about("identity"), "identity \"" + q.identity() + "\": " + e.getMessage());
      }
      o.apply(
          keyword("identityfile"),
          line(q, "IdentityFile", identity),
          q.source().about("identity"),
          true);
    }
    if (q.jump() != null) {
      o.apply(keyword("proxyjump"), line(q, "ProxyJump", q.jump()), q.source(), true);
    }
    for (Option given : q.options()) {
      String option = given.text();
      SettingSource from = given.source();
      SshConfigLine line;
      try {
        line = SshConfigLine.parse(null, 0, option);
      } catch (SshConfigError e) {
        throw new SshConfigError(from, "\"" + option + "\": " + e.problem());
      }
      if (line == null) {
        continue;
      }
      SshKeywords.Keyword k = SshKeywords.get(line.keyword());
      if (k == null) {
        throw new SshConfigError(
            from, "\"" + option + "\": bad configuration option " + line.keyword());
      }
      if (k.use() == SshKeywords.Use.STRUCTURE) {
        throw new SshConfigError(
            from, "\"" + option + "\": " + k.name() + " is not supported as a command-line option");
      }
      try {
        SshValues.check(k, line);
      } catch (SshConfigError e) {
        throw new SshConfigError(from, "\"" + option + "\": " + e.problem());
      }
      apply(o, k, line, from, true);
    }
  }

  private static SshConfigLine line(Query q, String keyword, String value) {
    // Command-line values are taken as they are, never split or unquoted.
    return new SshConfigLine(null, 0, keyword.toLowerCase(Locale.ROOT), List.of(value), value);
  }

  private static SshKeywords.Keyword keyword(String name) {
    return SshKeywords.get(name);
  }

  /**
   * What one reading of every file asks for.
   *
   * @param wantsFinal a {@code Match final} asks for a second reading
   * @param negatedFinal the first {@code Match !final} line, or {@code null}
   */
  private record Pass(boolean wantsFinal, SettingSource negatedFinal) {}

  /** One reading of every file. */
  private Pass pass(SshOptions o, Query q, boolean finalPass, String host) {
    boolean wantsFinal = false;
    SettingSource negatedFinal = null;
    for (int i = 0; i < files.size(); i++) {
      Walk walk = new Walk(o, q, finalPass, host, userFiles.get(i));
      walk.file(files.get(i), false);
      wantsFinal |= walk.wantsFinal;
      if (negatedFinal == null) {
        negatedFinal = walk.negatedFinal;
      }
    }
    return new Pass(wantsFinal, negatedFinal);
  }

  /** One reading of one top-level file and what it includes. */
  private final class Walk {
    private final SshOptions o;
    private final Query q;
    private final boolean finalPass;
    private final String host;
    private final boolean user;
    private boolean active = true;
    private boolean wantsFinal;
    private SettingSource negatedFinal;

    Walk(SshOptions o, Query q, boolean finalPass, String host, boolean user) {
      this.o = o;
      this.q = q;
      this.finalPass = finalPass;
      this.host = host;
      this.user = user;
    }

    /**
     * @param neverMatch the file is included from a block that does not apply: its lines are read,
     *     none of them applies
     */
    void file(SshConfigFile file, boolean neverMatch) {
      for (SshConfigFile.Item item : file.items()) {
        if (item instanceof SshConfigFile.Include include) {
          boolean outer = active;
          if (!neverMatch && outer && include.refusal() != null) {
            throw new SshConfigError(include.line(), include.refusal());
          }
          for (SshConfigFile included : include.files()) {
            file(included, neverMatch || !outer);
            active = outer; // a Match in an included file does not reach past it
          }
          continue;
        }
        if (item instanceof SshConfigFile.HostBlocks blocks) {
          hostBlocks(blocks, neverMatch);
          continue;
        }
        directive((SshConfigFile.Directive) item, neverMatch);
      }
    }

    /** The blocks of the run that name the host, in order, as if each had been walked. */
    private void hostBlocks(SshConfigFile.HostBlocks blocks, boolean neverMatch) {
      List<Integer> named = neverMatch ? List.of() : blocks.byName().getOrDefault(host, List.of());
      for (int index : named) {
        active = true;
        for (SshConfigFile.Directive d : blocks.blocks().get(index).body()) {
          directive(d, false);
        }
      }
      active = !named.isEmpty() && named.get(named.size() - 1) == blocks.blocks().size() - 1;
    }

    private void directive(SshConfigFile.Directive d, boolean neverMatch) {
      SshConfigLine line = d.line();
      SshKeywords.Keyword k = d.keyword();
      if (k == null) {
        SshOptions.Value ignore = o.get("ignoreunknown");
        if (ignore != null && SshPatterns.matchList(line.keyword(), ignore.arg(), true) == 1) {
          return;
        }
        throw new SshConfigError(line, "bad configuration option: " + line.keyword());
      }
      switch (line.keyword()) {
        case "host" -> active = !neverMatch && hostMatches(line.args());
        case "match" -> {
          if (!finalPass) {
            for (SshMatch.Criterion c : d.match().criteria()) {
              if (c.name().equals("final")) {
                wantsFinal |= !c.negated();
                if (c.negated() && negatedFinal == null) {
                  negatedFinal = SettingSource.of(line);
                }
              }
            }
          }
          active = !neverMatch && d.match().evaluate(subject()).matches();
        }
        default -> {
          if (active && !neverMatch && k.use() != SshKeywords.Use.OBSOLETE) {
            apply(o, k, line, SettingSource.of(line), user);
          }
        }
      }
    }

    /** A {@code Host} line: some pattern matches and no negated one does. */
    private boolean hostMatches(List<String> patterns) {
      boolean matched = false;
      for (String p : patterns) {
        boolean negated = p.startsWith("!");
        if (SshPatterns.matches(host, negated ? p.substring(1) : p)) {
          if (negated) {
            return false;
          }
          matched = true;
        }
      }
      return matched;
    }

    private SshMatch.Subject subject() {
      SshOptions.Value hostname = o.get("hostname");
      String matchHost;
      if (finalPass) {
        matchHost = hostname.arg();
      } else {
        matchHost = hostname == null ? q.hostArg() : hostname(hostname, q.hostArg());
      }
      SshOptions.Value user = o.get("user");
      SshOptions.Value tag = o.get("tag");
      return new SshMatch.Subject(
          matchHost,
          q.hostArg(),
          user == null ? local.user() : user.arg(),
          local.user(),
          tag == null ? null : tag.arg(),
          finalPass);
    }
  }

  private static void apply(
      SshOptions o, SshKeywords.Keyword k, SshConfigLine line, SettingSource source, boolean user) {
    if (k.name().equals("RefuseConnection")) {
      throw new SshConfigError(source, "RefuseConnection: " + line.arg());
    }
    o.apply(k, line, source, user);
  }

  /** {@code HostName} with {@code %h} expanded; nothing else is accepted there. */
  private static String hostname(SshOptions.Value hostname, String hostArg) {
    try {
      return SshTokens.expand(hostname.arg(), SshTokens.HOSTNAME, Map.of('h', hostArg), null);
    } catch (SshTokens.Problem e) {
      throw new SshConfigError(
          hostname.source(), "HostName \"" + hostname.arg() + "\": " + e.getMessage());
    }
  }

  /** The defaults, the tokens, and what rollrun cannot honour. */
  private SshHostConfig settle(SshOptions o, Query q, String host, SettingSource hostSource) {
    List<SshConfigError> refusals = new ArrayList<>();
    SshOptions.Value portValue = o.get("port");
    int port = portValue == null ? 22 : TcpServices.port(portValue.arg());
    SshOptions.Value userValue = o.get("user");
    String user = userValue == null ? local.user() : userValue.arg();
    // A user given with -l is taken as it is; one from a configuration line may be expanded.
    if (userValue != null && q.user() == null && (user.contains("%") || user.contains("${"))) {
      refusals.add(
          new SshConfigError(
              userValue.source(),
              "User \""
                  + user
                  + "\": OpenSSH 9.x takes a user name with % or ${ as written, later releases"
                  + " expand it; rollrun cannot tell which user your ssh would log in as"));
    }
    SshOptions.Value aliasValue = o.get("hostkeyalias");
    String alias = aliasValue == null ? null : aliasValue.arg().toLowerCase(Locale.ROOT);

    Map<Character, String> tokens = new HashMap<>();
    tokens.put('d', local.home().toString());
    tokens.put('h', host);
    tokens.put('i', String.valueOf(local.uid()));
    tokens.put('k', alias != null ? alias : q.hostArg());
    tokens.put('l', local.hostname());
    tokens.put('L', local.shortHostname());
    tokens.put('n', q.hostArg());
    tokens.put('p', String.valueOf(port));
    tokens.put('r', user);
    tokens.put('u', local.user());

    List<SshHostConfig.IdentityFile> identities = new ArrayList<>();
    boolean defaults = o.identityFiles().isEmpty();
    if (defaults) {
      for (String d : DEFAULT_IDENTITIES) {
        identities.add(new SshHostConfig.IdentityFile(d, path(d, tokens), SettingSource.DEFAULT));
      }
    } else {
      for (SshOptions.Value v : o.identityFiles()) {
        String expanded = null;
        try {
          expanded = path(v.arg(), tokens);
        } catch (SshConfigError e) {
          refusals.add(
              new SshConfigError(v.source(), "IdentityFile \"" + v.arg() + "\": " + e.problem()));
        }
        identities.add(new SshHostConfig.IdentityFile(v.arg(), expanded, v.source()));
      }
    }

    SshOptions.Value agentValue = o.get("identityagent");
    String agent = null;
    if (agentValue != null) {
      agent = expandOrRefuse(agentValue, "IdentityAgent", tokens, refusals);
    }

    SshOptions.Value knownValue = o.get("userknownhostsfile");
    List<String> userKnown = new ArrayList<>();
    List<String> knownWritten = knownValue == null ? DEFAULT_USER_KNOWN_HOSTS : knownValue.args();
    if (!(knownWritten.size() == 1 && knownWritten.get(0).equalsIgnoreCase("none"))) {
      for (String f : knownWritten) {
        try {
          userKnown.add(path(f, tokens));
        } catch (SshConfigError e) {
          refusals.add(
              new SshConfigError(
                  knownValue == null ? SettingSource.DEFAULT : knownValue.source(),
                  "UserKnownHostsFile \"" + f + "\": " + e.problem()));
        }
      }
    }
    SshOptions.Value globalValue = o.get("globalknownhostsfile");
    List<String> global =
        globalValue == null
            ? defaultGlobalKnownHosts
            : globalValue.args().size() == 1 && globalValue.arg().equalsIgnoreCase("none")
                ? List.of()
                : globalValue.args();

    SshOptions.Value proxy = o.proxyCommand();
    String proxyCommand =
        proxy == null || proxy.text().equalsIgnoreCase("none") ? null : proxy.text();
    String proxyExpanded = null;
    if (proxyCommand != null) {
      if (proxyCommand.equals("-")) {
        refusals.add(
            new SshConfigError(
                proxy.source(),
                "ProxyCommand - (a connection passed in by the caller) is for"
                    + " multiplexing clients; rollrun needs a command to run"));
      } else {
        try {
          proxyExpanded =
              SshTokens.expand("exec " + proxyCommand, SshTokens.PROXY_COMMAND, tokens, null);
        } catch (SshTokens.Problem e) {
          refusals.add(
              new SshConfigError(
                  proxy.source(), "ProxyCommand \"" + proxyCommand + "\": " + e.getMessage()));
        }
      }
    }
    List<JumpSpec> jumps = o.jumps() == null || o.jumps().isEmpty() ? null : o.jumps();
    if (jumps != null) {
      JumpSpec last = jumps.get(jumps.size() - 1);
      int jumpPort = last.port() > 0 ? last.port() : 22;
      String jumpUser = last.user() != null ? last.user() : user;
      if (last.host().equals(host) && jumpPort == port && jumpUser.equals(user)) {
        throw new SshConfigError(o.proxyJump().source(), "jumphost loop via " + last.host());
      }
      if (o.proxyJump().text().contains("%")) {
        refusals.add(
            new SshConfigError(
                o.proxyJump().source(),
                "ProxyJump \""
                    + o.proxyJump().text()
                    + "\": rollrun does not expand tokens in"
                    + " jump host names"));
      }
    }

    List<SshHostConfig.Sourced<String>> ignored = new ArrayList<>();
    for (Map.Entry<String, SshOptions.Value> e : o.firstValues().entrySet()) {
      SshKeywords.Keyword k = SshKeywords.get(e.getKey());
      SshOptions.Value v = e.getValue();
      if (k.use() == SshKeywords.Use.IGNORED) {
        ignored.add(new SshHostConfig.Sourced<>(k.name() + " " + v.text(), v.source()));
      } else if (k.use() == SshKeywords.Use.REFUSED_WHEN_SET && !SshKeywords.allows(k, v.args())) {
        if (k.name().equals("ProxyUseFdpass") && proxyCommand == null) {
          continue; // it only concerns a ProxyCommand
        }
        refusals.add(new SshConfigError(v.source(), k.name() + " " + v.text() + ": " + k.why()));
      }
    }
    for (SshOptions.Value v : o.certificateFiles()) {
      SshKeywords.Keyword k = SshKeywords.get("certificatefile");
      refusals.add(new SshConfigError(v.source(), "CertificateFile " + v.text() + ": " + k.why()));
    }

    return new SshHostConfig(
        q.hostArg(),
        new SshHostConfig.Sourced<>(host, hostSource),
        new SshHostConfig.Sourced<>(port, sourceOf(portValue)),
        new SshHostConfig.Sourced<>(user, sourceOf(userValue)),
        identities,
        defaults,
        new SshHostConfig.Sourced<>(
            flag(o.get("identitiesonly")), sourceOf(o.get("identitiesonly"))),
        agentValue == null ? null : new SshHostConfig.Sourced<>(agent, agentValue.source()),
        proxyCommand == null ? null : new SshHostConfig.Sourced<>(proxyCommand, proxy.source()),
        proxyExpanded,
        jumps == null ? null : new SshHostConfig.Sourced<>(jumps, o.proxyJump().source()),
        new SshHostConfig.Sourced<>(List.copyOf(userKnown), sourceOf(knownValue)),
        new SshHostConfig.Sourced<>(List.copyOf(global), sourceOf(globalValue)),
        lower(o.get("stricthostkeychecking")),
        alias == null ? null : new SshHostConfig.Sourced<>(alias, aliasValue.source()),
        new SshHostConfig.Sourced<>(
            flag(o.get("hashknownhosts")), sourceOf(o.get("hashknownhosts"))),
        refusals,
        ignored);
  }

  private String expandOrRefuse(
      SshOptions.Value v,
      String name,
      Map<Character, String> tokens,
      List<SshConfigError> refusals) {
    try {
      return path(v.arg(), tokens);
    } catch (SshConfigError e) {
      refusals.add(new SshConfigError(v.source(), name + " \"" + v.arg() + "\": " + e.problem()));
      return null;
    }
  }

  /** {@code ~}, then tokens and {@code ${NAME}}, as ssh expands file names. */
  private String path(String written, Map<Character, String> tokens) {
    try {
      return SshTokens.expand(
          SshTokens.tilde(written, local), SshTokens.PATHS, tokens, local.environment());
    } catch (SshTokens.Problem e) {
      throw new SshConfigError(SettingSource.DEFAULT, e.getMessage());
    }
  }

  private static SettingSource sourceOf(SshOptions.Value v) {
    return v == null ? SettingSource.DEFAULT : v.source();
  }

  private static boolean flag(SshOptions.Value v) {
    return v != null && (v.arg().equalsIgnoreCase("yes") || v.arg().equalsIgnoreCase("true"));
  }

  private static SshHostConfig.Sourced<String> lower(SshOptions.Value v) {
    return v == null
        ? null
        : new SshHostConfig.Sourced<>(v.arg().toLowerCase(Locale.ROOT), v.source());
  }

  /** Where the operator's files are, for messages. */
  List<Path> paths() {
    return files.stream().map(SshConfigFile::path).toList();
  }
}
