package dev.rollrun.core.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;

/**
 * One attempt to open a session to a target, through its jump hosts: travels with MINA's sessions
 * as their connection context, so that host key checks, key selection and failure reports know
 * which server of the chain they are about, and so that a failure can be explained afterwards.
 */
final class ConnectAttempt {

  static final AttributeKey<ConnectAttempt> KEY = new AttributeKey<>();
  static final AttributeKey<Hop> HOP = new AttributeKey<>();

  /**
   * One server of the chain: a jump host ({@code jumpAlias} set) or the target itself.
   *
   * @param where how messages name it: {@code web-1 (10.0.0.5:22)} or {@code web-1 via jump host
   *     bastion (10.0.0.1:22)}
   * @param policy how it is authenticated to and its host key checked
   */
  record Hop(
      int index,
      String jumpAlias,
      String hostname,
      int port,
      String user,
      IdentityFiles.Loaded identities,
      String where,
      ServerPolicy policy) {

    String endpoint() {
      return Commands.endpoint(hostname, port);
    }

    /** The name its key is looked up and recorded under: its HostKeyAlias, else its host name. */
    String knownHostsName() {
      return policy.hostKeyAlias() != null ? policy.hostKeyAlias() : hostname;
    }

    /** The port its key is looked up under: none (22) with a HostKeyAlias, as OpenSSH does. */
    int knownHostsPort() {
      return policy.hostKeyAlias() != null ? 22 : port;
    }
  }

  final SshTarget target;
  final List<Hop> hops;
  private final AtomicInteger established = new AtomicInteger();
  private final AtomicInteger authenticated = new AtomicInteger();
  private volatile HostKeyRejectedException rejection;
  private volatile Hop authExhausted;
  private final Map<Integer, List<String>> tried = new ConcurrentHashMap<>();
  private final Map<String, String> agentKeys = new ConcurrentHashMap<>();
  private final List<String> agentProblems = new CopyOnWriteArrayList<>();
  private final Map<Integer, NotSsh> sentBeforeSsh = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicBoolean proxyClaimed =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile ProxyCommandSession proxy;

  /**
   * What a server sent without ever identifying itself as SSH.
   *
   * @param sent its first bytes
   */
  record NotSsh(Hop hop, byte[] sent) {}

  ConnectAttempt(SshTarget target, List<Hop> hops) {
    this.target = target;
    this.hops = List.copyOf(hops);
  }

  /**
   * The {@code ProxyCommand} to reach the first server with, the first time it is asked for (the
   * connections after the first go through the first server); {@code null} otherwise.
   */
  String claimProxyCommand() {
    return target.proxyCommand() != null && proxyClaimed.compareAndSet(false, true)
        ? target.proxyCommand()
        : null;
  }

  void proxied(ProxyCommandSession session) {
    proxy = session;
  }

  /**
   * What the {@code ProxyCommand} said or how it ended, for a connection that failed; {@code null}
   * when there was none or it gave no sign.
   */
  String proxyProblem() {
    ProxyCommandSession p = proxy;
    String problem = p == null ? null : p.problem();
    return problem == null ? null : "ProxyCommand (" + target.proxyCommandSource() + ") " + problem;
  }

  /** The attempt a session belongs to, or {@code null} for a session rollrun did not open. */
  static ConnectAttempt of(Session session) {
    AttributeRepository context = null;
    if (session instanceof ClientSession cs) {
      context = cs.getConnectionContext();
    }
    if (context == null && session.getIoSession() != null) {
      // While a session is being constructed, its context is only on the I/O session.
      Object attr = session.getIoSession().getAttribute(AttributeRepository.class);
      if (attr instanceof AttributeRepository repo) {
        context = repo;
      }
    }
    return context == null ? null : context.getAttribute(KEY);
  }

  /**
   * The server a newly established session talks to. MINA opens the chain one server after the
   * other (the first jump host first, the target last), each only after the previous one
   * authenticated, so the n-th session of an attempt is its n-th hop.
   */
  Hop nextHop() {
    int n = established.getAndIncrement();
    return hops.get(Math.min(n, hops.size() - 1));
  }

  void authenticated(Hop hop) {
    authenticated.accumulateAndGet(hop.index() + 1, Math::max);
  }

  /**
   * The server a failure is about: the last one reached if it did not authenticate, else the next
   * one (whose connection then failed).
   */
  Hop failedHop() {
    int reached = established.get();
    int next = reached > 0 && authenticated.get() < reached ? reached - 1 : reached;
    return hops.get(Math.min(next, hops.size() - 1));
  }

  Hop targetHop() {
    return hops.get(hops.size() - 1);
  }

  void reject(HostKeyRejectedException e) {
    if (rejection == null) {
      rejection = e;
    }
  }

  HostKeyRejectedException rejection() {
    return rejection;
  }

  void authExhausted(Hop hop) {
    authExhausted = hop;
  }

  Hop authExhausted() {
    return authExhausted;
  }

  void tried(Hop hop, String key) {
    tried.computeIfAbsent(hop.index(), i -> new CopyOnWriteArrayList<>()).add(key);
  }

  List<String> tried(Hop hop) {
    return new ArrayList<>(tried.getOrDefault(hop.index(), List.of()));
  }

  /** Bytes a server has sent so far, before (and perhaps instead of) its SSH version line. */
  void sentBeforeSsh(Hop hop, byte[] sent) {
    if (sent.length > 0) {
      sentBeforeSsh.put(hop.index(), new NotSsh(hop, sent));
    }
  }

  /** The server sent its SSH version line: what came before was a banner. */
  void identified(Hop hop) {
    sentBeforeSsh.remove(hop.index());
  }

  /** The first server of the chain that answered, but not as SSH; {@code null} if none. */
  NotSsh notSsh() {
    return sentBeforeSsh.values().stream()
        .min(java.util.Comparator.comparingInt(n -> n.hop().index()))
        .orElse(null);
  }

  void agentKey(String fingerprint, String label) {
    agentKeys.put(fingerprint, label);
  }

  String agentKeyLabel(String fingerprint) {
    return agentKeys.get(fingerprint);
  }

  void agentProblem(String problem) {
    if (!agentProblems.contains(problem)) {
      agentProblems.add(problem);
    }
  }

  List<String> agentProblems() {
    return List.copyOf(agentProblems);
  }
}
