package dev.rollrun.core.notify;

import dev.rollrun.core.config.NotifySpec;
import dev.rollrun.core.config.Playbook;
import dev.rollrun.core.config.Template;
import dev.rollrun.core.load.ExtraVars;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.template.TemplateRenderer;
import dev.rollrun.core.text.Redactor;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A playbook's {@code notify:} made ready to send: its templates and the variables they see.
 *
 * <p>Templates see {@code vars} (the playbook's, {@code -e key=value} and {@code -e @secrets.yml}),
 * {@code env}, {@code playbook.name}, {@code cluster}, {@code run} ({@code id}, {@code user},
 * {@code machine}) and, in a webhook's URL, headers and body, {@code event} ({@link
 * NotificationEvent#variables()}). A command's line does not see {@code event}: the event's text
 * may hold a host's output, which must never become part of a command line; the command reads it
 * from its environment. Secret values (of the secrets files, the environment variables read, and
 * every rendered URL) are what {@link #redactor()} hides.
 */
public final class Notifications {

  private final List<NotifySpec> specs;
  private final TemplateRenderer renderer = new TemplateRenderer();
  private final Map<String, Object> base;
  private final Map<String, String> environment;
  private final Set<String> environmentRead = ConcurrentHashMap.newKeySet();
  private final Map<String, String> secrets = new ConcurrentHashMap<>();

  private Notifications(
      List<NotifySpec> specs,
      Map<String, Object> base,
      Map<String, String> environment,
      Map<String, String> secrets) {
    this.specs = List.copyOf(specs);
    this.base = base;
    this.environment = environment;
    this.secrets.putAll(secrets);
  }

  /**
   * @param cluster the cluster behaviour's id
   * @param user who runs it
   * @param machine where
   */
  public static Notifications of(
      Playbook playbook,
      String cluster,
      ExtraVars vars,
      Map<String, String> environment,
      String user,
      String machine) {
    Map<String, Object> all = new LinkedHashMap<>(playbook.vars());
    all.putAll(vars.plain());
    all.putAll(vars.secret());
    Map<String, String> secrets = new LinkedHashMap<>();
    vars.secret().forEach((name, value) -> leaves(name, value, secrets));
    Map<String, Object> base = new LinkedHashMap<>();
    base.put("vars", Collections.unmodifiableMap(all));
    base.put("playbook", Map.of("name", playbook.name()));
    base.put("cluster", cluster);
    base.put("run", Map.of("id", "", "user", user, "machine", machine));
    return new Notifications(playbook.notifications(), base, Map.copyOf(environment), secrets);
  }

  private static void leaves(String name, Object value, Map<String, String> into) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> leaves(name + "." + k, v, into));
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        leaves(name + "[" + i + "]", list.get(i), into);
      }
    } else if (value != null) {
      into.put(name, String.valueOf(value));
    }
  }

  public List<NotifySpec> specs() {
    return specs;
  }

  public boolean isEmpty() {
    return specs.isEmpty();
  }

  /**
   * Renders every template of every notification for a sample of each event it is sent on: one that
   * cannot be rendered (a syntax error, an undefined variable) is a problem at its
   * file:line:column, before any roll starts.
   */
  public void check() {
    ProblemCollector problems = new ProblemCollector();
    for (NotifySpec spec : specs) {
      for (NotifySpec.Event kind : spec.on()) {
        try {
          render(spec, NotificationEvent.sample(kind));
        } catch (InvalidConfigException e) {
          for (ConfigProblem p : e.problems()) {
            if (!problems.problems().contains(p)) {
              problems.add(p.position(), p.message());
            }
          }
        }
      }
    }
    problems.throwIfAny();
  }

  /** What one notification sends for one event, rendered. */
  record Rendered(String target, Map<String, String> headers, Object body) {}

  Rendered render(NotifySpec spec, NotificationEvent event) {
    String what = "for " + spec.label();
    Map<String, Object> context = context(event, spec.kind() == NotifySpec.Kind.WEBHOOK);
    String target = renderer.render(spec.target(), context, what);
    Map<String, String> headers = new LinkedHashMap<>();
    spec.headers()
        .forEach((name, value) -> headers.put(name, renderer.render(value, context, what)));
    Object body =
        spec.kind() == NotifySpec.Kind.COMMAND
            ? null
            : spec.body() == null
                ? Map.of("text", event.text())
                : renderBody(spec.body(), context, what);
    if (spec.kind() == NotifySpec.Kind.WEBHOOK) {
      secrets.putIfAbsent(spec.label() + ".url", target);
    }
    headers.forEach((name, value) -> secrets.putIfAbsent(spec.label() + "." + name, value));
    return new Rendered(target, headers, body);
  }

  private Object renderBody(Object body, Map<String, Object> context, String what) {
    if (body instanceof Template t) {
      return renderer.render(t, context, what);
    }
    if (body instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), renderBody(v, context, what)));
      return out;
    }
    if (body instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(renderBody(v, context, what)));
      return out;
    }
    return body;
  }

  private Map<String, Object> context(NotificationEvent event, boolean withEvent) {
    Map<String, Object> context = new LinkedHashMap<>(base);
    @SuppressWarnings("unchecked")
    Map<String, Object> run = new LinkedHashMap<>((Map<String, Object>) base.get("run"));
    run.put("id", event.runId());
    context.put("run", run);
    context.put("env", new ReadNoting(environment, environmentRead));
    if (withEvent) {
      context.put("event", event.variables());
    }
    return context;
  }

  /**
   * Hides the secrets' values, the environment variables templates read, and each URL and header
   * rendered so far (a webhook URL is often a secret of its own).
   */
  public Redactor redactor() {
    Map<String, String> all = new LinkedHashMap<>(secrets);
    environmentRead.forEach(name -> all.putIfAbsent("env." + name, environment.get(name)));
    return new Redactor(all);
  }

  /** The environment, noting which variables templates read. */
  private static final class ReadNoting extends AbstractMap<String, Object> {
    private final Map<String, String> values;
    private final Set<String> read;

    ReadNoting(Map<String, String> values, Set<String> read) {
      this.values = values;
      this.read = read;
    }

    @Override
    public Object get(Object key) {
      String value = values.get(key);
      if (value != null) {
        read.add((String) key);
      }
      return value;
    }

    @Override
    public boolean containsKey(Object key) {
      return values.containsKey(key);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      read.addAll(values.keySet());
      Map<String, Object> copy = new LinkedHashMap<>(values);
      return copy.entrySet();
    }
  }
}
