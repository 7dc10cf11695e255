package dev.rollrun.plugins.elasticsearch;

import dev.rollrun.api.CommandOutput;
import dev.rollrun.api.Host;
import dev.rollrun.api.HttpReply;
import dev.rollrun.api.TaskContext;
import dev.rollrun.api.TaskFailedException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link TaskContext} for one host of a cluster of inventory hosts, recording what the behaviour
 * logs and which ports it asked to have forwarded; a forward leads to {@code forwardTo}.
 */
final class FakeContext implements TaskContext {

  final List<String> log = new ArrayList<>();
  final List<String> tunnels = new ArrayList<>();
  private final Host host;
  private final List<Host> cluster;
  private final InetSocketAddress forwardTo;

  FakeContext(Host host, List<Host> cluster, InetSocketAddress forwardTo) {
    this.host = host;
    this.cluster = List.copyOf(cluster);
    this.forwardTo = forwardTo;
  }

  FakeContext(Host host, List<Host> cluster) {
    this(host, cluster, null);
  }

  /** An inventory host with these variables. */
  static Host host(String name, String address, Map<String, Object> vars) {
    return new Host(name, address, 22, "deploy", null, List.of("search"), null, null, vars);
  }

  /** The same host with roles added, as discovery adds them. */
  static Host withRoles(Host host, List<String> roles, Map<String, Object> vars) {
    List<String> all = new ArrayList<>(host.roles());
    all.addAll(roles);
    return new Host(
        host.name(), host.address(), host.port(), host.user(), null, all, null, null, vars);
  }

  FakeContext on(Host other) {
    return new FakeContext(other, cluster, forwardTo);
  }

  @Override
  public Host host() {
    return host;
  }

  @Override
  public List<Host> cluster() {
    return cluster;
  }

  @Override
  public CommandOutput run(String command) {
    throw new UnsupportedOperationException("the behaviour runs no command: " + command);
  }

  @Override
  public CommandOutput run(String command, Duration timeout) {
    return run(command);
  }

  @Override
  public InetSocketAddress tunnel(Host target, int port) {
    return tunnel(target, "localhost", port);
  }

  @Override
  public InetSocketAddress tunnel(Host target, String remoteHost, int port) {
    tunnels.add(target.name() + " -> " + remoteHost + ":" + port);
    return forwardTo;
  }

  @Override
  public HttpReply httpGet(String url) {
    throw new UnsupportedOperationException("the behaviour has its own HTTP client");
  }

  @Override
  public HttpReply httpPost(String url, String body, String contentType) {
    throw new UnsupportedOperationException("the behaviour has its own HTTP client");
  }

  @Override
  public void log(String message) {
    log.add(message);
  }

  @Override
  public void fail(String message) {
    throw new TaskFailedException(message);
  }
}
