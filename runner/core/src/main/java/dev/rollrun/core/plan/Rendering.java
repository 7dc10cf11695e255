package dev.rollrun.core.plan;

import dev.rollrun.api.Host;
import dev.rollrun.core.config.Template;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.template.RunawayTemplateException;
import dev.rollrun.core.template.TemplateRenderer;
import dev.rollrun.core.text.RegularExpressions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Renders the templates of a plan into {@link Command}s for one host at a time, collecting every
 * problem rather than stopping at the first. A template that fails for one host usually fails for
 * many: it is reported once, naming the hosts (or how many more), instead of once per host.
 *
 * <p>Not thread-safe: each slice of a large fleet rendered on its own thread has its own, and
 * {@link #absorb} merges their problems back in host order.
 */
final class Rendering {

  /**
   * Renderings of one plan that may run away before the rest are not rendered: each costs up to its
   * whole budget, and a playbook of thousands of them (or one of them on thousands of hosts) would
   * keep validate busy for hours.
   */
  static final int MAX_RUNAWAY = 20;

  private final TemplateRenderer renderer;
  private final TemplateContext context;

  /** Renderings of the plan that ran away so far, shared by its slices. */
  private final AtomicInteger runaway;

  /**
   * Hosts for which a template was not rendered once rendering stopped, by the template's position:
   * when the template failed for other hosts, these count too.
   */
  private final Map<SourcePosition, Set<String>> unrendered = new LinkedHashMap<>();

  /** The first problem at each position, and every host it was found for, in plan order. */
  private final Map<SourcePosition, Failure> failures = new LinkedHashMap<>();

  private record Failure(ConfigProblem first, String firstHost, List<String> hosts) {}

  /**
   * @param runaway counts the plan's renderings that ran away; one counter for every slice
   */
  Rendering(TemplateRenderer renderer, TemplateContext context, AtomicInteger runaway) {
    this.renderer = renderer;
    this.context = context;
    this.runaway = runaway;
  }

  /** The plan's count of renderings that ran away, for the slices rendered besides this one. */
  AtomicInteger runaway() {
    return runaway;
  }

  /** Adds every problem found to {@code problems}, each once with the hosts it was found for. */
  void finish(ProblemCollector problems) {
    unrendered.forEach(
        (position, hosts) -> {
          Failure failure = failures.get(position);
          if (failure != null) {
            hosts.stream().filter(h -> !failure.hosts().contains(h)).forEach(failure.hosts()::add);
          }
        });
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

  /**
   * Takes over another slice's problems, after this one's hosts in plan order; hosts a template was
   * not rendered for count for its problem, wherever that was found.
   */
  void absorb(Rendering other) {
    other.failures.forEach(
        (position, failure) -> {
          Failure mine = failures.get(position);
          if (mine == null) {
            List<String> hosts = new ArrayList<>(unrendered.getOrDefault(position, Set.of()));
            hosts.addAll(failure.hosts());
            failures.put(position, new Failure(failure.first(), failure.firstHost(), hosts));
            unrendered.remove(position);
          } else {
            failure.hosts().stream()
                .filter(h -> !mine.hosts().contains(h))
                .forEach(mine.hosts()::add);
          }
        });
    other.unrendered.forEach(
        (position, hosts) -> {
          Failure mine = failures.get(position);
          if (mine != null) {
            hosts.stream().filter(h -> !mine.hosts().contains(h)).forEach(mine.hosts()::add);
          } else {
            unrendered.computeIfAbsent(position, p -> new LinkedHashSet<>()).addAll(hosts);
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
    if (runaway.get() >= MAX_RUNAWAY) {
      // Rendering stops: the plan fails with the runaway templates, and a template that failed
      // for other hosts counts this one too, unrendered.
      if (host != null) {
        unrendered
            .computeIfAbsent(template.position(), p -> new LinkedHashSet<>())
            .add(host.name());
      }
      return Command.plain(template.source());
    }
    try {
      String shown = renderer.render(template, context.shown(host), what);
      String actual =
          shown.contains("<secret:")
              ? renderer.render(template, context.actual(host), what)
              : shown;
      return new Command(shown, actual);
    } catch (RunawayTemplateException e) {
      runaway.incrementAndGet();
      report(e.problems(), host);
      return Command.plain(template.source());
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
