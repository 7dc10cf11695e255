package dev.rollrun.core.ssh;

import dev.rollrun.core.text.Durations;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.PasswordIdentityProvider;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.future.CloseFuture;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * SSH sessions to the hosts of a roll: one session per host, opened on first use and reused for all
 * of that host's commands (each command is one exec channel on it), reopened when it was lost (a
 * host that rebooted). Host keys are checked strictly ({@link SshSettings}), keys come from the
 * ssh-agent and the target's identity files, and jump hosts are followed.
 *
 * <p>Thread-safe: commands for different hosts run in parallel; a host's session is opened once.
 * Closing the pool closes every session.
 */
public final class SshSessionPool implements AutoCloseable {

  /** How much longer than the command's own timeout we wait for the remote side to report it. */
  private static final Duration TIMEOUT_GRACE = Duration.ofSeconds(2);

  /** How long closing the pool waits for its sessions to close before stopping the client. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  /** How long a command rollrun gives up on has to end once it was sent SIGTERM. */
  private static final Duration END_WAIT = Duration.ofSeconds(3);

  private final SshSettings settings;
  private final HostKeyPolicy hostKeys;
  private final SshClient client;
  private final Map<SshTarget, HostConnection> connections = new ConcurrentHashMap<>();

  /** Each command running now, with its session and its mark. */
  private final Map<ChannelExec, Running> running = new ConcurrentHashMap<>();

  private record Running(ClientSession session, String mark) {}

  private volatile boolean closed;

  /**
   * A pool whose warnings are dropped (see {@link #SshSessionPool(SshSettings,
   * SshWarningListener)}).
   */
  public SshSessionPool(SshSettings settings) {
    this(settings, SshWarningListener.DISCARD);
  }

  /**
   * @param warnings receives what the operator should know although nothing failed: known_hosts
   *     lines skipped, new host keys accepted and recorded
   */
  public SshSessionPool(SshSettings settings, SshWarningListener warnings) {
    this.settings = settings;
    this.hostKeys = new HostKeyPolicy(settings, warnings);
    this.client = newClient(settings, hostKeys);
    client.start();
  }

  /**
   * Opens the host's session now if it is not open (for checking every host before a roll starts).
   *
   * @throws HostKeyRejectedException when a host key is unknown, changed or revoked
   * @throws SshAuthenticationException when no key was accepted
   * @throws SshConnectException when the host cannot be reached
   */
  public void connect(SshTarget target) {
    connection(target).session();
  }

  /**
   * Runs a command on the target's host, streaming its output lines to the listener as they come.
   * The remote process is bounded by {@code timeout} on the host itself, so a timed out command
   * does not keep running there.
   *
   * @throws CommandTimeoutException when it ran longer than its timeout
   * @throws SudoPasswordRequiredException when it used sudo and sudo wanted a password
   * @throws ConnectionLostException when the connection broke while it ran
   * @throws HostKeyRejectedException when the session had to be opened and the host key was refused
   * @throws SshAuthenticationException when the session had to be opened and no key was accepted
   * @throws SshConnectException when the session had to be opened and the host cannot be reached
   */
  public CommandResult run(SshTarget target, RemoteCommand command, OutputListener listener) {
    HostConnection connection = connection(target);
    ClientSession session = connection.session();
    OutputLines out =
        new OutputLines(OutputListener.Stream.STDOUT, listener, settings.outputTailLines());
    OutputLines err =
        new OutputLines(OutputListener.Stream.STDERR, listener, settings.outputTailLines());
    long start = System.nanoTime();
    ChannelExec channel;
    try {
      channel = open(session, command, out, err);
    } catch (ChannelOpenFailure e) {
      if (session.isOpen() && !session.isClosing()) {
        throw SshConnectException.cannotStartCommand(
            target.name(), target.endpoint(), e.getMessage(), e);
      }
      // The session died before the command could be sent (a host that rebooted): reconnecting
      // is safe because nothing ran.
      session = connection.reopen(session);
      start = System.nanoTime();
      try {
        channel = open(session, command, out, err);
      } catch (ChannelOpenFailure again) {
        throw new ConnectionLostException(target.name(), where(target), command.shown(), again);
      }
    }
    try {
      // A script holding secrets comes on stdin (see Commands.SCRIPT_FROM_INPUT); then end of file,
      // so that the command never waits for input.
      OutputStream in = channel.getInvertedIn();
      if (command.holdsSecrets()) {
        in.write(command.command().getBytes(StandardCharsets.UTF_8));
        in.flush();
      }
      in.close();
    } catch (IOException | RuntimeException e) {
      // The command may have started: never run it again, report the broken connection.
      channel.close(true);
      throw new ConnectionLostException(target.name(), where(target), command.shown(), e);
    }
    return awaitExit(target, session, channel, command, out, err, start);
  }

  /**
   * Ends every command still running on a host: each is sent SIGTERM (which {@code timeout}, the
   * first process of every command, passes to the whole command) and given a few seconds before its
   * channel is closed. For a run that exits while commands run (a second Ctrl-C): a stop command
   * that went on running after rollrun exited could take its node down unseen.
   *
   * @return how many commands were running
   */
  public int endRunningCommands() {
    Map<ChannelExec, Running> ending = new java.util.HashMap<>(running);
    ending.entrySet().parallelStream().forEach(e -> end(e.getKey(), e.getValue()));
    return ending.size();
  }

  /**
   * Ends a command on its host: SIGTERM through the channel (OpenSSH passes it on for a user other
   * than root), and {@code pkill} of the command's mark over a channel of its own (which also
   * reaches the commands of a root login, whose sessions sshd does not signal); then its channel is
   * closed.
   */
  private void end(ChannelExec channel, Running given) {
    ChannelExec killer = null;
    try {
      killer = given.session().createExecChannel(Commands.endByMark(given.mark()));
      killer.open().verify(settings.connectTimeout());
      killer.getInvertedIn().close();
    } catch (IOException | RuntimeException e) {
      killer = null; // the connection is gone: the signal below is all that can be tried
    }
    RemoteSignal.end(channel, END_WAIT);
    if (killer != null) {
      killer.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), END_WAIT);
      killer.close(true);
    }
  }

  /** The target's open session, opened (or opened again) if need be: for port forwards. */
  ClientSession session(SshTarget target) {
    return connection(target).session();
  }

  /** The target's commands as a {@link CommandRunner}. */
  public CommandRunner runnerFor(SshTarget target) {
    return (command, listener) -> run(target, command, listener);
  }

  /** Closes every session; commands still running fail with {@link ConnectionLostException}. */
  @Override
  public void close() {
    closed = true;
    List<CloseFuture> closing = new ArrayList<>();
    for (HostConnection c : connections.values()) {
      CloseFuture future = c.close();
      if (future != null) {
        closing.add(future);
      }
    }
    connections.clear();
    // Stopping the client while sessions still close makes their last I/O tasks run into a shut
    // down executor: let them finish first, for a short while.
    long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
    for (CloseFuture future : closing) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        future.await(Duration.ofNanos(left));
      } catch (IOException e) {
        // closing anyway: the client stops below
      }
    }
    client.stop();
  }

  private HostConnection connection(SshTarget target) {
    if (closed) {
      throw new IllegalStateException("SSH session pool is closed");
    }
    return connections.computeIfAbsent(target, HostConnection::new);
  }

  private ChannelExec open(
      ClientSession session, RemoteCommand command, OutputLines out, OutputLines err)
      throws ChannelOpenFailure {
    Duration timeout = command.effectiveTimeout(settings.commandTimeout());
    ChannelExec channel = null;
    String mark = Commands.newMark();
    try {
      channel = session.createExecChannel(Commands.remoteLine(command, timeout, mark));
      running.put(channel, new Running(session, mark));
      channel.setOut(out);
      channel.setErr(err);
      OpenFuture opening = channel.open();
      if (opening.await(settings.connectTimeout())) {
        opening.verify(); // throws what the host answered, if it refused
        return channel;
      }
    } catch (IOException | RuntimeException e) {
      discard(channel);
      throw new ChannelOpenFailure(e);
    }
    // The command line is sent only once the channel is open: nothing ran there.
    discard(channel);
    throw new ChannelOpenFailure(
        "no answer from the host within " + Durations.format(settings.connectTimeout()));
  }

  private void discard(ChannelExec channel) {
    if (channel != null) {
      running.remove(channel);
      channel.close(true);
    }
  }

  private CommandResult awaitExit(
      SshTarget target,
      ClientSession session,
      ChannelExec channel,
      RemoteCommand command,
      OutputLines out,
      OutputLines err,
      long start) {
    Duration timeout = command.effectiveTimeout(settings.commandTimeout());
    Set<ClientChannelEvent> events = null;
    try {
      events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout.plus(TIMEOUT_GRACE));
    } finally {
      Running given = running.remove(channel);
      // CLOSED is seen as the channel closes, a moment before isClosed() says so: the event decides
      boolean ended = events != null && events.contains(ClientChannelEvent.CLOSED);
      if (!ended && given != null) {
        // Given up on (its time is up, or the run is being stopped): it must not go on there.
        end(channel, given);
      }
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    out.finish();
    err.finish();
    if (events.contains(ClientChannelEvent.TIMEOUT)) {
      // Not a word from the host, not even the exit of the remote timeout wrapper: a hung host or
      // a dead network path. Whether the command was stopped there is unknown.
      throw new CommandTimeoutException(target.name(), command.shown(), timeout, TIMEOUT_GRACE);
    }
    Integer status = channel.getExitStatus();
    String signal = channel.getExitSignal();
    if (status == null && signal == null) {
      if (!session.isOpen() || session.isClosing()) {
        throw new ConnectionLostException(target.name(), where(target), command.shown(), null);
      }
      status = 255;
    } else if (status == null) {
      status = 128 + Commands.signalNumber(signal);
    }
    // 124 is timeout's own exit code (137 when it had to KILL): the command was stopped there.
    if (elapsed.compareTo(timeout) >= 0 && (status == 124 || status == 137)) {
      throw new CommandTimeoutException(target.name(), command.shown(), timeout);
    }
    if (command.sudo() && status != 0 && err.sawSudoRefusal()) {
      throw new SudoPasswordRequiredException(target.name(), command.shown());
    }
    OutputLines.rethrowListenerFailure(out, err);
    return new CommandResult(status, elapsed, out.tail(), err.tail());
  }

  private static String where(SshTarget target) {
    return target.name() + " (" + target.endpoint() + ")";
  }

  /** Opens a session through the target's jump hosts and authenticates it, or says why not. */
  private ClientSession openSession(SshTarget target) {
    List<ConnectAttempt.Hop> hops = new ArrayList<>();
    for (SshTarget.Jump jump : target.proxyJumps()) {
      hops.add(
          new ConnectAttempt.Hop(
              hops.size(),
              jump.alias(),
              jump.hostname(),
              jump.port(),
              jump.user(),
              IdentityFiles.load(jump.identityFiles(), settings.home()),
              target.name() + " via jump host " + jump.alias() + " (" + jump.endpoint() + ")",
              jump.policy()));
    }
    hops.add(
        new ConnectAttempt.Hop(
            hops.size(),
            null,
            target.hostname(),
            target.port(),
            target.user(),
            IdentityFiles.load(target.identityFiles(), settings.home()),
            where(target),
            target.policy()));
    ConnectAttempt attempt = new ConnectAttempt(target, hops);
    HostConfigEntry entry =
        new HostConfigEntry(target.hostname(), target.hostname(), target.port(), target.user());
    Duration perHop = settings.connectTimeout().plus(settings.authTimeout());
    Duration budget =
        settings.connectTimeout().plus(perHop.multipliedBy(target.proxyJumps().size()));

    ConnectFuture connecting;
    try {
      connecting =
          client.connect(
              entry, AttributeRepository.ofKeyValuePair(ConnectAttempt.KEY, attempt), null);
    } catch (IOException | RuntimeException e) {
      throw failure(attempt, e);
    }
    boolean done;
    try {
      done = connecting.await(budget);
    } catch (IOException e) {
      throw failure(attempt, e);
    }
    if (!done) {
      connecting.cancel();
      throw noAnswer(attempt, budget);
    }
    if (connecting.getException() != null) {
      throw failure(attempt, connecting.getException());
    }
    ClientSession session = connecting.getSession();
    try {
      Set<ClientSessionEvent> state =
          session.waitFor(
              EnumSet.of(ClientSessionEvent.WAIT_AUTH, ClientSessionEvent.CLOSED),
              settings.connectTimeout());
      if (state.contains(ClientSessionEvent.TIMEOUT)) {
        throw noAnswer(attempt, settings.connectTimeout());
      }
      if (state.contains(ClientSessionEvent.CLOSED)) {
        throw failure(attempt, new SshException("the server closed the connection"));
      }
      AuthFuture auth = session.auth();
      if (!auth.await(settings.authTimeout())) {
        throw authFailure(
            attempt,
            attempt.targetHop(),
            "no answer within " + Commands.formatDuration(settings.authTimeout()));
      }
      if (!auth.isSuccess()) {
        throw failure(attempt, auth.getException());
      }
      return session;
    } catch (IOException e) {
      session.close(true);
      throw failure(attempt, e);
    } catch (RuntimeException e) {
      session.close(true);
      throw e;
    }
  }

  private RuntimeException failure(ConnectAttempt attempt, Throwable cause) {
    if (attempt.rejection() != null) {
      return attempt.rejection();
    }
    if (attempt.authExhausted() != null) {
      return authFailure(attempt, attempt.authExhausted(), null);
    }
    if (attempt.notSsh() != null) {
      return notSsh(attempt);
    }
    ConnectAttempt.Hop hop = attempt.failedHop();
    String proxy = hop.index() == 0 ? attempt.proxyProblem() : null;
    return new SshConnectException(
        attempt.target.name(), hopEndpoint(hop), proxy != null ? proxy : inWords(cause), cause);
  }

  private static String hopEndpoint(ConnectAttempt.Hop hop) {
    return hop.jumpAlias() == null
        ? hop.endpoint()
        : hop.endpoint() + ", jump host " + hop.jumpAlias();
  }

  private static SshConnectException notSsh(ConnectAttempt attempt) {
    ConnectAttempt.NotSsh notSsh = attempt.notSsh();
    return SshConnectException.notSsh(
        attempt.target.name(), hopEndpoint(notSsh.hop()), Commands.quoteBytes(notSsh.sent()));
  }

  private SshConnectException noAnswer(ConnectAttempt attempt, Duration waited) {
    if (attempt.notSsh() != null) {
      return notSsh(attempt);
    }
    ConnectAttempt.Hop hop = attempt.failedHop();
    String proxy = hop.index() == 0 ? attempt.proxyProblem() : null;
    return new SshConnectException(
        attempt.target.name(),
        hopEndpoint(hop),
        "no answer within " + Commands.formatDuration(waited) + (proxy == null ? "" : "; " + proxy),
        null);
  }

  private SshAuthenticationException authFailure(
      ConnectAttempt attempt, ConnectAttempt.Hop hop, String detail) {
    List<String> skipped = new ArrayList<>(hop.identities().skipped());
    skipped.addAll(attempt.agentProblems());
    List<String> tried = attempt.tried(hop);
    boolean passphraseKey = skipped.stream().anyMatch(s -> s.contains("passphrase"));
    if (tried.isEmpty() || passphraseKey) {
      switch (hop.policy().agent()) {
        case NONE -> skipped.add("no ssh-agent (IdentityAgent none)");
        case SETTINGS -> {
          if (settings.agentSocket() == null) {
            skipped.add("no ssh-agent (SSH_AUTH_SOCK is not set)");
          }
        }
        case SOCKET -> {
          // its problems, if any, are among the agent's
        }
      }
    }
    if (hop.policy().identitiesOnly()) {
      skipped.add("the agent's other keys (IdentitiesOnly yes: only the identity files' keys)");
    }
    return new SshAuthenticationException(
        attempt.target.name(), hop.where(), hop.endpoint(), hop.user(), tried, skipped, detail);
  }

  /** The cause of a failed connection as an operator would say it. */
  static String inWords(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException) {
        String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
        return m.contains("timed out") ? "connection timed out" : "connection refused";
      }
      if (c instanceof NoRouteToHostException) {
        return "no route to host";
      }
      if (c instanceof PortUnreachableException) {
        return "port unreachable";
      }
      if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
        return "unknown host name";
      }
      if (c instanceof SocketTimeoutException || c instanceof InterruptedByTimeoutException) {
        return "connection timed out";
      }
      if (c == c.getCause()) {
        break;
      }
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      message = root.getClass().getSimpleName();
    }
    if (root instanceof SshException) {
      return "ssh handshake failed: " + message;
    }
    return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
  }

  private static SshClient newClient(SshSettings settings, HostKeyPolicy hostKeys) {
    SshClient client = ClientBuilder.builder().factory(ChainedSshClient::new).build();
    CoreModuleProperties.TCP_NODELAY.set(client, true);
    CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, settings.connectTimeout());
    // MINA counts its authentication timeout from the TCP connection, handshake included.
    CoreModuleProperties.AUTH_TIMEOUT.set(
        client, settings.connectTimeout().plus(settings.authTimeout()));
    CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, settings.serverAliveInterval());
    CoreModuleProperties.HEARTBEAT_REQUEST.set(client, "keepalive@openssh.com");
    CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, settings.serverAliveCountMax());
    // Idle sessions are kept (a roll waits minutes on health gates); heartbeats find dead ones.
    CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
    client.setServerKeyVerifier(hostKeys);
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    // Keys come from each hop's own files (see SessionSetup), never from MINA's defaults.
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    client.setFilePasswordProvider(FilePasswordProvider.EMPTY);
    client.setPasswordIdentityProvider(PasswordIdentityProvider.EMPTY_PASSWORDS_PROVIDER);
    client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
    client.setUserInteraction(null);
    // Each server's agent: the operator's, the one its IdentityAgent names, or none.
    client.setAgentFactory(new UnixSocketAgentFactory(settings.agentSocket()));
    client.setPublicKeyAuthenticationReporter(new TriedKeys());
    client.addSessionListener(new SessionSetup(hostKeys));
    return client;
  }

  /** The command channel could not be opened. */
  private static final class ChannelOpenFailure extends Exception {
    ChannelOpenFailure(Throwable cause) {
      super(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    }

    ChannelOpenFailure(String reason) {
      super(reason);
    }
  }

  /** One host's session, opened on first use, reopened after it was lost. */
  private final class HostConnection {

    private final SshTarget target;
    private ClientSession session;

    HostConnection(SshTarget target) {
      this.target = target;
    }

    synchronized ClientSession session() {
      if (session == null || !session.isOpen() || session.isClosing()) {
        session = openSession(target);
      }
      return session;
    }

    synchronized ClientSession reopen(ClientSession lost) {
      if (session == lost) {
        session.close(true);
        session = null;
      }
      return session();
    }

    synchronized CloseFuture close() {
      if (session == null) {
        return null;
      }
      CloseFuture closing = session.close(true);
      session = null;
      return closing;
    }
  }
}
