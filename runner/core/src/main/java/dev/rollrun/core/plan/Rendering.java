package dev.rollrun.core.plan;

import dev.rollrun.api.Host;
import dev.rollrun.core.config.Template;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.template.TemplateRenderer;
import dev.rollrun.core.text.RegularExpressions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the templates of a plan into {@link Command}s for one host at a time, collecting every
 * problem rather than stopping at the first. A template that fails for one host usually fails for
 * many: it is reported once, naming the hosts (or how many more), instead of once per host.
 *
 * <p>Not thread-safe: each slice of a large fleet rendered on its own thread has its own, and
 * {@link #absorb} merges their problems back in host order.
 */
final class Rendering {

  private final TemplateRenderer renderer;
  private final TemplateContext context;

  /** The first problem at each position, and every host it was found for, in plan order. */
  private final Map<SourcePosition, Failure> failures = new LinkedHashMap<>();

  private record Failure(ConfigProblem first, String firstHost, List<String> hosts) {}

  Rendering(TemplateRenderer renderer, TemplateContext context) {
    this.renderer = renderer;
    this.context = context;
  }

  /** Adds every problem found to {@code problems}, each once with the hosts it was found for. */
  void finish(ProblemCollector problems) {
    for (Failure failure : failures.values()) {
      ConfigProblem first = failure.first();
      String message = first.message();
      if (failure.hosts().size() > 1 && failure.firstHost() != null) {
        message =
            message.replace(
                "for host " + failure.firstHost(), "for hosts " + hostList(failure.hosts()));
      }
      problems.add(first.position(), message);
    }
  }

  private static String hostList(List<String> hosts) {
    if (hosts.size() <= 3) {
      return String.join(", ", hosts.subList(0, hosts.size() - 1))
          + " and "
          + hosts.get(hosts.size() - 1);
    }
    return String.join(", ", hosts.subList(0, 3)) + " and " + (hosts.size() - 3) + " more";
  }

  /** Takes over another slice's problems, after this one's hosts in plan order. */
  void absorb(Rendering other) {
    other.failures.forEach(
        (position, failure) -> {
          Failure mine = failures.putIfAbsent(position, failure);
          if (mine != null) {
            for (String host : failure.hosts()) {
              if (!mine.hosts().contains(host)) {
                mine.hosts().add(host);
              }
            }
          }
        });
  }

  private void report(List<ConfigProblem> found, Host host) {
    String name = host == null ? null : host.name();
    for (ConfigProblem problem : found) {
      Failure failure =
          failures.computeIfAbsent(
              problem.position(), p -> new Failure(problem, name, new ArrayList<>()));
      if (name != null && !failure.hosts().contains(name)) {
        failure.hosts().add(name);
      }
    }
  }

  /**
   * {@code template} rendered for {@code host} (null in a cluster-wide step): what is shown, with
   * secrets as placeholders, and what runs. On a problem, the template's own text, and the problem
   * is reported.
   */
  Command render(Template template, Host host) {
    if (!template.isTemplated()) {
      return Command.plain(template.source());
    }
    String what = forHost(host).strip();
    try {
      String shown = renderer.render(template, context.shown(host), what);
      String actual =
          shown.contains("<secret:")
              ? renderer.render(template, context.actual(host), what)
              : shown;
      return new Command(shown, actual);
    } catch (InvalidConfigException e) {
      report(e.problems(), host);
      return Command.plain(template.source());
    }
  }

  /**
   * A health check's command rendered for {@code host}, reported when it renders to nothing: a
   * blank command exits 0, so the node would always count as healthy.
   */
  Command healthCommand(Template template, Host host) {
    Command command = render(template, host);
    if (template.isTemplated() && command.actual().isBlank()) {
      report(
          List.of(
              new ConfigProblem(
                  template.position(),
                  "health command renders to nothing"
                      + forHost(host)
                      + "; a blank command always passes, so the check would prove nothing")),
          host);
    }
    return command;
  }

  /** A rendered regular expression, reported when it does not compile. */
  Command pattern(Template template, Host host) {
    Command pattern = render(template, host);
    RegularExpressions.check(pattern.actual())
        .ifPresent(
            problem ->
                report(
                    List.of(
                        new ConfigProblem(
                            template.position(), "rendered" + forHost(host) + ", " + problem)),
                    host));
    return pattern;
  }

  /** A rendered TCP port, reported (and 0) when it is not one. */
  int port(Template template, Host host) {
    String text = render(template, host).actual().strip();
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    report(
        List.of(
            new ConfigProblem(
                template.position(),
                "tcp port \""
                    + text
                    + "\""
                    + forHost(host)
                    + " is not a port number (1 to 65535)")),
        host);
    return 0;
  }

  private static String forHost(Host host) {
    return host == null ? " in a cluster-wide step (no host)" : " for host " + host.name();
  }
}
