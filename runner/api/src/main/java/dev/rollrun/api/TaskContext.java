package dev.rollrun.api;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Everything a {@link Task} (and a behaviour's {@link StopCheck} or {@link NodeWrapper}) may do,
 * and nothing more: read this host and its variables, run a command on it through rollrun's own SSH
 * session, make an HTTP request, log a line, fail with a message. A JavaScript task ({@code js:})
 * receives exactly this API as its {@code ctx}.
 *
 * <pre>{@code
 * public void run(TaskContext ctx, TaskArgs args) {
 *   CommandOutput out = ctx.run("cat /etc/kafka/version");
 *   if (out.exitCode() != 0) {
 *     ctx.fail("cannot read the version: " + out.stderr());
 *   }
 *   HttpReply ready = ctx.httpGet("http://" + ctx.host().address() + ":8080/ready");
 *   ctx.log("ready: " + ready.status());
 * }
 * }</pre>
 *
 * Whatever a task logs, and the output of the commands it runs, streams like a {@code run:} step's
 * output, with every secret value hidden.
 */
public interface TaskContext {

  /** The node this step runs for, with its vars; {@code null} in a cluster-wide step. */
  Host host();

  /**
   * Runs a shell command on this node over the run's SSH session (as {@code run:} would, with the
   * step's timeout). A non-zero exit is a result, not an exception.
   *
   * @throws IllegalStateException in a cluster-wide step, which has no node
   */
  CommandOutput run(String command);

  /** As {@link #run(String)}, stopped after {@code timeout}. */
  CommandOutput run(String command, Duration timeout);

  /**
   * A local address that reaches {@code port} on {@code host} through rollrun's SSH session to that
   * host (a local port forward to {@code localhost:port} there), for ports that are closed to the
   * operator's machine ({@code via: ssh}). The forward stays open until the run ends; asking again
   * for the same host and port returns the same address.
   */
  InetSocketAddress tunnel(Host host, int port);

  /** An HTTP GET from the operator's machine; follows no redirects. */
  HttpReply httpGet(String url);

  /** An HTTP POST of {@code body} with the given content type from the operator's machine. */
  HttpReply httpPost(String url, String body, String contentType);

  /** A line of the step's output. */
  void log(String message);

  /**
   * Fails the step with {@code message}; never returns.
   *
   * @throws TaskFailedException always
   */
  void fail(String message);
}
