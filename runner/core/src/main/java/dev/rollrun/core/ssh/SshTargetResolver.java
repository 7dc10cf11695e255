package dev.rollrun.core.ssh;

import dev.rollrun.api.Host;
import dev.rollrun.core.inventory.Inventory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an inventory {@link Host} into an {@link SshTarget}, reading the operator's ssh client
 * configuration exactly as OpenSSH does (see {@link SshConfig}: {@code Host}, {@code Match}, {@code
 * Include}, tokens, first value wins), and says how it did ({@link #explain}).
 *
 * <p>The inventory plays the part of ssh's command line: its {@code address} is the name looked up
 * (so it may be an ssh_config alias), its {@code port}, {@code user} and {@code identity} are
 * {@code -p}, {@code -l} and {@code -i}, and the host variable {@code ssh.options} (a string or a
 * list of strings such as {@code "ProxyCommand=ssh -W %h:%p bastion"}) are {@code -o} options, in
 * that order; all of them win over the files. An Ansible inventory's {@code
 * ansible_ssh_common_args} reach this layer as {@code ssh.options} too, each option named by its
 * variable ({@value #OPTIONS_FROM_VAR}). An {@code identity} is offered first, then the config's
 * own {@code IdentityFile}s, as {@code ssh -i} does.
 *
 * <p>{@code ProxyJump a,b} is followed like OpenSSH does: {@code a} first (with its own {@code
 * ProxyJump} or {@code ProxyCommand}, if any), then {@code b}, then the host; each jump host is
 * looked up in the configuration under its own name, with the user and port written in the jump. A
 * {@code ProxyCommand} is run to reach the first server.
 *
 * <p>A host for which the configuration holds a line OpenSSH would refuse, or a setting rollrun
 * cannot honour, is refused ({@link SshConfigException}) naming the file, the line and the setting;
 * hosts the setting does not concern are not.
 */
public final class SshTargetResolver {

  /** The inventory host variable holding {@code -o} options. */
  public static final String OPTIONS_VAR = Inventory.SSH_OPTIONS;

  /**
   * The inventory host variable naming, for each of {@link #OPTIONS_VAR}, the variable the operator
   * wrote it in ({@code ansible_ssh_common_args}), so that messages name that one; set by readers
   * of inventories whose options are written elsewhere (Ansible's).
   */
  public static final String OPTIONS_FROM_VAR = Inventory.SSH_OPTIONS_FROM;

  private static final int MAX_JUMPS = 10;
  private static final Path SYSTEM_CONFIG = Path.of("/etc/ssh/ssh_config");
  private static final List<String> SYSTEM_KNOWN_HOSTS =
      List.of("/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2");

  private final Path userConfig;
  private final boolean checkPermissions;
  private final Path systemConfig;
  private final LocalAccount local;
  private final List<String> defaultGlobalKnownHosts;
  private final Object loadLock = new Object();
  private Loaded loaded; // guarded by loadLock; set once

  /**
   * Like {@code ssh -F configFile}: that file only, no system-wide one.
   *
   * @param configFile the ssh client config; it need not exist
   * @param home the home directory that {@code ~} and {@code %d} stand for, and where the default
   *     keys are looked for
   */
  public SshTargetResolver(Path configFile, Path home) {
    this(configFile, false, null, homed(LocalAccount.current(), home), SYSTEM_KNOWN_HOSTS);
  }

  /**
   * @param userConfig the user's configuration; it need not exist
   * @param checkPermissions refuse it when others can write it (as ssh does for {@code
   *     ~/.ssh/config})
   * @param systemConfig the system-wide configuration read after it, or {@code null}
   * @param local the local account: user, home, host name, environment
   * @param defaultGlobalKnownHosts {@code GlobalKnownHostsFile} when no line sets it
   */
  public SshTargetResolver(
      Path userConfig,
      boolean checkPermissions,
      Path systemConfig,
      LocalAccount local,
      List<String> defaultGlobalKnownHosts) {
    this.userConfig = userConfig;
    this.checkPermissions = checkPermissions;
    this.systemConfig = systemConfig;
    this.local = local;
    this.defaultGlobalKnownHosts = List.copyOf(defaultGlobalKnownHosts);
  }

  /**
   * For the operator running this JVM: {@code ~/.ssh/config} under {@code user.home}, then {@code
   * /etc/ssh/ssh_config}, as {@code ssh} reads them.
   */
  public static SshTargetResolver forCurrentUser() {
    LocalAccount local = LocalAccount.current();
    return new SshTargetResolver(
        local.home().resolve(".ssh").resolve("config"),
        true,
        SYSTEM_CONFIG,
        local,
        SYSTEM_KNOWN_HOSTS);
  }

  /** A home of the caller's, also as {@code $HOME} (which {@code Include ~/...} reads). */
  private static LocalAccount homed(LocalAccount account, Path home) {
    Map<String, String> env = new java.util.HashMap<>(account.environment());
    env.put("HOME", home.toString());
    return account.withHome(home).withEnvironment(env);
  }

  /**
   * @throws SshConfigException when the ssh config cannot be used for this host: a line OpenSSH
   *     would refuse, a setting rollrun cannot honour, a {@code ProxyJump} loop
   */
  public SshTarget resolve(Host host) {
    try {
      SshHostConfig c = evaluate(host);
      refuseIfNeeded(c);
      SshTarget target =
          new SshTarget(
              host.name(),
              c.hostname().value(),
              c.port().value(),
              c.user().value(),
              identities(c),
              List.of(),
              policy(c),
              null,
              null);
      if (c.jumps() == null) {
        return c.proxyCommand() == null
            ? target
            : target.withProxyCommand(
                c.proxyCommandExpanded(), c.proxyCommand().source().shown(local.home()));
      }
      Chain chain = new Chain();
      jumps(c, new LinkedHashSet<>(List.of(host.address())), chain);
      if (chain.hops.size() > MAX_JUMPS) {
        throw new SshConfigError(c.jumps().source(), "more than " + MAX_JUMPS + " ProxyJump hops");
      }
      SshTarget chained =
          new SshTarget(
              host.name(),
              target.hostname(),
              target.port(),
              target.user(),
              target.identityFiles(),
              chain.hops,
              target.policy(),
              chain.proxyCommand,
              chain.proxyCommandSource);
      return chained;
    } catch (SshConfigError e) {
      throw exception(host.name(), e);
    }
  }

  /**
   * How a host resolves and where each setting came from, for {@code rollrun inventory}. Never
   * throws for a problem of the configuration: a host that {@link #resolve} would refuse is
   * explained with its {@link SshExplanation#refusal()}.
   */
  public SshExplanation explain(Host host) {
    SshHostConfig c;
    try {
      c = evaluate(host);
    } catch (SshConfigError e) {
      return new SshExplanation(
          host.name(), host.address(), List.of(), List.of(), message(e), List.of());
    }
    List<SshExplanation> jumps = new ArrayList<>();
    String refusal = c.refusals().isEmpty() ? null : message(c.refusals().get(0));
    if (c.jumps() != null && refusal == null) {
      try {
        explainJumps(host.name(), c, new LinkedHashSet<>(List.of(host.address())), jumps);
      } catch (SshConfigError e) {
        refusal = message(e);
      }
    }
    return explanation(host.name(), c, jumps, refusal);
  }

  /** What ssh_config says for a host, without rollrun's refusals applied (for tests). */
  SshHostConfig evaluate(Host host) {
    return config()
        .evaluate(
            new SshConfig.Query(
                host.address(),
                host.port(),
                host.user(),
                host.identity() == null || host.identity().isBlank() ? null : host.identity(),
                options(host),
                null,
                SettingSource.INVENTORY));
  }

  /** A jump host looked up as OpenSSH's jump does: {@code ssh -l U -p P -J earlier host}. */
  SshHostConfig evaluateJump(JumpSpec spec, String earlier, SettingSource source) {
    return config()
        .evaluate(
            new SshConfig.Query(
                spec.host(),
                Math.max(spec.port(), 0),
                spec.user(),
                null,
                List.of(),
                earlier,
                source));
  }

  /** The host's {@value #OPTIONS_VAR}, each named by the variable it came from. */
  private static List<SshConfig.Option> options(Host host) {
    List<String> options = texts(host.vars().get(OPTIONS_VAR));
    if (options == null) {
      throw new SshConfigError(
          SettingSource.inventory(OPTIONS_VAR),
          "must be a list of ssh -o options such as \"ProxyCommand=ssh -W %h:%p bastion\"");
    }
    List<String> from = texts(host.vars().get(OPTIONS_FROM_VAR));
    List<SshConfig.Option> named = new ArrayList<>();
    for (int i = 0; i < options.size(); i++) {
      String variable =
          from != null && from.size() == options.size() && !from.get(i).isBlank()
              ? from.get(i)
              : OPTIONS_VAR;
      named.add(new SshConfig.Option(options.get(i), SettingSource.inventory(variable)));
    }
    return named;
  }

  /** A string or a list of strings as a list; {@code null} for anything else. */
  private static List<String> texts(Object value) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof String s) {
      return List.of(s);
    }
    if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
      return list.stream().map(String.class::cast).toList();
    }
    return null;
  }

  /** The chain of jump hosts being built, and the command that reaches its first one. */
  private static final class Chain {
    final List<SshTarget.Jump> hops = new ArrayList<>();
    String proxyCommand;
    String proxyCommandSource;
  }

  private void jumps(SshHostConfig c, Set<String> visiting, Chain chain) {
    List<JumpSpec> specs = c.jumps().value();
    SettingSource source = c.jumps().source();
    for (int i = 0; i < specs.size(); i++) {
      JumpSpec spec = specs.get(i);
      SshHostConfig hop;
      try {
        hop = evaluateJump(spec, earlier(specs, i), source);
        refuseIfNeeded(hop);
      } catch (SshConfigError e) {
        throw new SshConfigError(e.source(), "jump host " + spec.host() + ": " + e.problem());
      }
      if (i == 0) {
        if (hop.jumps() != null) {
          if (!visiting.add(spec.host())) {
            throw new SshConfigError(source, "ProxyJump loops back to " + spec.host());
          }
          jumps(hop, visiting, chain);
        } else if (hop.proxyCommand() != null) {
          chain.proxyCommand = hop.proxyCommandExpanded();
          chain.proxyCommandSource = hop.proxyCommand().source().shown(local.home());
        }
      }
      chain.hops.add(
          new SshTarget.Jump(
              spec.host(),
              hop.hostname().value(),
              hop.port().value(),
              hop.user().value(),
              identities(hop),
              policy(hop)));
      if (chain.hops.size() > MAX_JUMPS) {
        throw new SshConfigError(source, "more than " + MAX_JUMPS + " ProxyJump hops");
      }
    }
  }

  private void explainJumps(
      String host, SshHostConfig c, Set<String> visiting, List<SshExplanation> out) {
    List<JumpSpec> specs = c.jumps().value();
    SettingSource source = c.jumps().source();
    for (int i = 0; i < specs.size(); i++) {
      JumpSpec spec = specs.get(i);
      SshHostConfig hop;
      try {
        hop = evaluateJump(spec, earlier(specs, i), source);
      } catch (SshConfigError e) {
        out.add(new SshExplanation(host, spec.host(), List.of(), List.of(), message(e), List.of()));
        return;
      }
      List<SshExplanation> own = new ArrayList<>();
      if (i == 0 && hop.jumps() != null && hop.refusals().isEmpty()) {
        if (!visiting.add(spec.host())) {
          throw new SshConfigError(source, "ProxyJump loops back to " + spec.host());
        }
        explainJumps(host, hop, visiting, own);
      }
      String refusal = hop.refusals().isEmpty() ? null : message(hop.refusals().get(0));
      out.add(explanation(host, hop, own, refusal));
      if (out.size() > MAX_JUMPS) {
        throw new SshConfigError(source, "more than " + MAX_JUMPS + " ProxyJump hops");
      }
    }
  }

  /** {@code -J} for the i-th jump host: those before it. */
  private static String earlier(List<JumpSpec> specs, int i) {
    if (i == 0) {
      return null;
    }
    List<String> before = new ArrayList<>();
    for (int k = 0; k < i; k++) {
      before.add(specs.get(k).shown());
    }
    return String.join(",", before);
  }

  private static void refuseIfNeeded(SshHostConfig c) {
    if (!c.refusals().isEmpty()) {
      throw c.refusals().get(0);
    }
  }

  private List<Path> identities(SshHostConfig c) {
    List<Path> paths = new ArrayList<>();
    for (SshHostConfig.IdentityFile f : c.identityFiles()) {
      if (f.path() == null) {
        continue; // cannot be expanded: one of the refusals says why
      }
      Path p;
      try {
        p = Path.of(f.path());
      } catch (java.nio.file.InvalidPathException e) {
        continue; // a name no file can have (a NUL): the inventory's checks refuse it where written
      }
      if (c.defaultIdentities() && !Files.isRegularFile(p)) {
        continue; // a default key that does not exist is not one
      }
      if (!paths.contains(p)) {
        paths.add(p);
      }
    }
    return List.copyOf(paths);
  }

  private ServerPolicy policy(SshHostConfig c) {
    ServerPolicy.Agent agent = ServerPolicy.Agent.SETTINGS;
    Path socket = null;
    if (c.identityAgent() != null) {
      String a = c.identityAgent().value();
      if (a.equals("none")) {
        agent = ServerPolicy.Agent.NONE;
      } else if (a.equals("SSH_AUTH_SOCK")) {
        agent = ServerPolicy.Agent.SETTINGS;
      } else if (a.startsWith("$")) {
        String v = local.environment().get(a.substring(1));
        agent = v == null || v.isEmpty() ? ServerPolicy.Agent.NONE : ServerPolicy.Agent.SOCKET;
        socket = v == null || v.isEmpty() ? null : Path.of(v);
      } else {
        agent = ServerPolicy.Agent.SOCKET;
        socket = Path.of(a);
      }
    }
    String strict = c.strictHostKeyChecking() == null ? null : c.strictHostKeyChecking().value();
    boolean acceptNew = "accept-new".equals(strict);
    String notHonoured = null;
    if ("no".equals(strict) || "off".equals(strict) || "false".equals(strict)) {
      notHonoured =
          c.strictHostKeyChecking().source().shown(local.home())
              + " sets StrictHostKeyChecking "
              + strict
              + ", which rollrun does not honour: it always checks host keys";
    }
    return new ServerPolicy(
        c.identitiesOnly().value(),
        agent,
        socket,
        c.userKnownHosts().value().stream().map(Path::of).toList(),
        c.globalKnownHosts().value().stream().map(Path::of).toList(),
        c.hashKnownHosts().value(),
        acceptNew,
        notHonoured,
        c.hostKeyAlias() == null ? null : c.hostKeyAlias().value());
  }

  private SshExplanation explanation(
      String host, SshHostConfig c, List<SshExplanation> jumps, String refusal) {
    List<SshExplanation.Setting> s = new ArrayList<>();
    add(s, "hostname", c.hostname().value(), c.hostname().source());
    add(s, "port", String.valueOf(c.port().value()), c.port().source());
    add(s, "user", c.user().value(), c.user().source());
    List<Path> usable = identities(c);
    for (SshHostConfig.IdentityFile f : c.identityFiles()) {
      if (f.path() != null && (!c.defaultIdentities() || usable.contains(Path.of(f.path())))) {
        add(s, "identityfile", f.path(), f.source());
      }
    }
    add(
        s,
        "identitiesonly",
        c.identitiesOnly().value() ? "yes" : "no",
        c.identitiesOnly().source());
    if (c.identityAgent() != null && c.identityAgent().value() != null) {
      add(s, "identityagent", c.identityAgent().value(), c.identityAgent().source());
    }
    if (c.jumps() != null) {
      add(
          s,
          "proxyjump",
          String.join(",", c.jumps().value().stream().map(JumpSpec::shown).toList()),
          c.jumps().source());
    }
    if (c.proxyCommand() != null) {
      String command = c.proxyCommandExpanded();
      add(
          s,
          "proxycommand",
          command == null ? c.proxyCommand().value() : command.substring("exec ".length()),
          c.proxyCommand().source());
    }
    for (String f : c.userKnownHosts().value()) {
      add(s, "userknownhostsfile", f, c.userKnownHosts().source());
    }
    for (String f : c.globalKnownHosts().value()) {
      add(s, "globalknownhostsfile", f, c.globalKnownHosts().source());
    }
    if (c.strictHostKeyChecking() != null) {
      add(
          s,
          "stricthostkeychecking",
          c.strictHostKeyChecking().value(),
          c.strictHostKeyChecking().source());
    }
    if (c.hostKeyAlias() != null) {
      add(s, "hostkeyalias", c.hostKeyAlias().value(), c.hostKeyAlias().source());
    }
    add(
        s,
        "hashknownhosts",
        c.hashKnownHosts().value() ? "yes" : "no",
        c.hashKnownHosts().source());
    List<SshExplanation.Setting> ignored = new ArrayList<>();
    SshHostConfig.Sourced<String> strict = c.strictHostKeyChecking();
    if (strict != null && List.of("no", "off", "false").contains(strict.value())) {
      ignored.add(
          new SshExplanation.Setting(
              "StrictHostKeyChecking",
              "StrictHostKeyChecking " + strict.value() + " (rollrun always checks host keys)",
              strict.source().shown(local.home())));
    }
    for (SshHostConfig.Sourced<String> i : c.ignored()) {
      String keyword = i.value().split(" ", 2)[0];
      SshKeywords.Keyword k = SshKeywords.get(keyword.toLowerCase(java.util.Locale.ROOT));
      ignored.add(
          new SshExplanation.Setting(
              keyword,
              i.value() + (k == null || k.why() == null ? "" : " (" + k.why() + ")"),
              i.source().shown(local.home())));
    }
    return new SshExplanation(host, c.hostArg(), s, jumps, refusal, ignored);
  }

  private void add(List<SshExplanation.Setting> s, String name, String value, SettingSource src) {
    s.add(new SshExplanation.Setting(name, value, src.shown(local.home())));
  }

  private String message(SshConfigError e) {
    return e.source().shown(local.home()) + ": " + e.problem();
  }

  private SshConfigException exception(String host, SshConfigError e) {
    SettingSource s = e.source();
    return new SshConfigException(
        host, s.shown(local.home()), s.file(), s.line(), e.problem(), s.inventorySetting());
  }

  /**
   * The configuration, read once for the life of this resolver: every host of a run sees the same
   * files however many are resolved at once.
   */
  private SshConfig config() {
    Loaded config;
    synchronized (loadLock) {
      if (loaded == null) {
        loaded = load();
      }
      config = loaded;
    }
    if (config.failure() != null) {
      throw config.failure();
    }
    return config.config();
  }

  private Loaded load() {
    try {
      SshConfigFile user =
          SshConfigFile.read(
              userConfig,
              new SshConfigFile.Reading(true, systemDirectory(), local),
              checkPermissions);
      SshConfigFile system =
          systemConfig == null
              ? null
              : SshConfigFile.read(
                  systemConfig, new SshConfigFile.Reading(false, systemDirectory(), local), false);
      return new Loaded(new SshConfig(user, system, local, defaultGlobalKnownHosts), null);
    } catch (SshConfigError e) {
      return new Loaded(null, e);
    }
  }

  private Path systemDirectory() {
    Path parent = systemConfig == null ? null : systemConfig.toAbsolutePath().getParent();
    return parent == null ? Path.of("/etc/ssh") : parent;
  }

  /** The parsed configuration, or why it could not be read. Never changed once made. */
  private record Loaded(SshConfig config, SshConfigError failure) {}
}
