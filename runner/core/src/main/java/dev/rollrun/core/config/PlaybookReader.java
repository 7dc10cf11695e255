package dev.rollrun.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.api.Phase;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.schema.JsonSchemaCheck;
import dev.rollrun.core.schema.SchemaCatalog;
import dev.rollrun.core.text.Durations;
import dev.rollrun.core.text.Percentages;
import dev.rollrun.core.yaml.JsonValues;
import dev.rollrun.core.yaml.YamlDocument;
import dev.rollrun.core.yaml.YamlDocumentReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a playbook: YAML with positions, then {@code schemas/playbook.schema.json}, then what a
 * schema cannot say (durations that parse, one kind per step, regular expressions that compile,
 * included step files that exist and do not include themselves). All problems are collected before
 * failing.
 *
 * <p>A step may be {@code - include: common/drain.yml}: a YAML file holding a list of steps,
 * resolved relative to the file that includes it; its steps take its place.
 */
public final class PlaybookReader {

  static final int MAX_INCLUDE_DEPTH = 8;
  private static final List<String> STEP_KINDS =
      List.of("run", "local", "wait", "gate", "include", "task", "js", "set");

  private final JsonSchemaCheck playbookSchema;
  private final JsonSchemaCheck stepListSchema;
  private final SchemaCatalog schemas;
  private final StepExtensions extensions;

  /** A reader checking playbooks against the playbook schema of {@code schemas}. */
  public PlaybookReader(SchemaCatalog schemas) {
    this(schemas, StepExtensions.NONE);
  }

  /**
   * A reader that also resolves {@code task:} ids and compiles {@code js:} files through {@code
   * extensions}.
   */
  public PlaybookReader(SchemaCatalog schemas, StepExtensions extensions) {
    this.playbookSchema = schemas.playbook();
    this.stepListSchema = schemas.stepList();
    this.schemas = schemas;
    this.extensions = extensions;
  }

  /**
   * Reads a health gate written as a playbook's {@code health:} mapping is, from a document of its
   * own: how a cluster behaviour's default health is read.
   */
  public GateSpec readGate(YamlDocument doc) {
    ProblemCollector problems = new ProblemCollector();
    problems.addAll(schemas.gate().check(doc));
    problems.throwIfAny();
    Binder binder = new Binder(doc, problems);
    GateSpec gate = binder.gate(doc, "");
    problems.throwIfAny();
    return gate;
  }

  public Playbook read(Path path, String displayName) {
    return read(new YamlDocumentReader("playbook").read(path, displayName));
  }

  /** Checks and binds a playbook already read as YAML. */
  public Playbook read(YamlDocument doc) {
    ProblemCollector problems = new ProblemCollector();
    if (!doc.root().isObject()) {
      throw new InvalidConfigException(
          doc.valuePosition(""),
          "a playbook is a mapping of keys (name:, inventory:, steps: ...), found "
              + describe(doc.root()));
    }
    problems.addAll(playbookSchema.check(doc));
    problems.throwIfAny();
    return new Binder(doc, problems).playbook();
  }

  /**
   * The {@code inventory:} of a playbook read as YAML but not yet checked, when it is text: enough
   * to start reading the inventory while the playbook is checked.
   */
  public static java.util.Optional<String> inventoryReference(YamlDocument doc) {
    JsonNode reference = doc.root().path("inventory");
    return reference.isTextual()
        ? java.util.Optional.of(reference.asText())
        : java.util.Optional.empty();
  }

  private static String describe(JsonNode node) {
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isTextual()) {
      return "plain text";
    }
    return node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * {@code /steps/pre-stop/0/gate} as messages name it: {@code steps.pre-stop[0].gate}; a step of
   * an included file is {@code item [0]}.
   */
  static String label(String pointer) {
    StringBuilder label = new StringBuilder();
    for (String part : pointer.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (part.chars().allMatch(Character::isDigit)) {
        label.append('[').append(part).append(']');
      } else {
        label.append(label.length() == 0 ? "" : ".").append(part);
      }
    }
    return label.length() > 0 && label.charAt(0) == '[' ? "item " + label : label.toString();
  }

  private record Including(Path path, String display) {}

  /** Turns one schema-valid document into the playbook model, collecting semantic problems. */
  private final class Binder {
    private final YamlDocument doc;
    private final ProblemCollector problems;

    /** The files being read, innermost first, to refuse an include cycle and show it. */
    private final Deque<Including> including = new ArrayDeque<>();

    Binder(YamlDocument doc, ProblemCollector problems) {
      this.doc = doc;
      this.problems = problems;
    }

    Playbook playbook() {
      JsonNode root = doc.root();
      including.push(new Including(doc.path().toAbsolutePath().normalize(), doc.displayName()));
      Template inventory = optionalTemplate(doc, "/inventory");
      List<Template> hosts = new ArrayList<>();
      JsonNode hostsNode = root.path("hosts");
      if (hostsNode.isTextual()) {
        hosts.add(template(doc, "/hosts"));
      } else if (hostsNode.isArray()) {
        for (int i = 0; i < hostsNode.size(); i++) {
          hosts.add(template(doc, "/hosts/" + i));
        }
      }
      ServiceSpec service = service(root.path("service"));
      RolloutSpec rollout = rollout(root.path("rollout"));
      LockSpec lock = root.has("lock") ? lock(root.path("lock")) : null;
      GateSpec health = root.has("health") ? gate(doc, "/health") : null;
      Map<Phase, List<StepSpec>> steps = new EnumMap<>(Phase.class);
      JsonNode stepsNode = root.path("steps");
      for (Phase phase : Phase.values()) {
        if (stepsNode.has(phase.key())) {
          steps.put(phase, stepList(doc, "/steps/" + phase.key(), phase));
        }
      }
      problems.throwIfAny();
      return new Playbook(
          doc.path(),
          doc.displayName(),
          root.path("name").asText(),
          root.path("description").asText(null),
          root.path("cluster").asText("service"),
          inventory,
          hosts,
          JsonValues.toMap(root.path("vars")),
          service,
          rollout,
          lock,
          health,
          steps,
          doc);
    }

    private LockSpec lock(JsonNode node) {
      Duration session =
          node.has("session-timeout")
              ? duration(doc, "/lock/session-timeout")
              : LockSpec.DEFAULT_SESSION_TIMEOUT;
      return new LockSpec(
          node.path("zookeeper").asText(),
          node.path("path").asText(null),
          session,
          doc.valuePosition("/lock"));
    }

    private ServiceSpec service(JsonNode node) {
      Map<String, ServiceSpec.StopStart> roles = overrides(node, "/service/roles");
      Map<String, ServiceSpec.StopStart> hosts = overrides(node, "/service/hosts");
      return new ServiceSpec(
          node.path("name").asText(null),
          optionalTemplate(doc, "/service/stop"),
          optionalTemplate(doc, "/service/start"),
          node.path("sudo").asBoolean(false),
          node.has("timeout") ? duration(doc, "/service/timeout") : null,
          optionalTemplate(doc, "/service/instance"),
          roles,
          hosts,
          doc.valuePosition("/service"));
    }

    private Map<String, ServiceSpec.StopStart> overrides(JsonNode service, String pointer) {
      Map<String, ServiceSpec.StopStart> map = new LinkedHashMap<>();
      String key = pointer.substring(pointer.lastIndexOf('/') + 1);
      service
          .path(key)
          .fieldNames()
          .forEachRemaining(
              name -> {
                String p = YamlDocument.child(pointer, name);
                map.put(
                    name,
                    new ServiceSpec.StopStart(
                        optionalTemplate(doc, p + "/stop"),
                        optionalTemplate(doc, p + "/start"),
                        doc.keyPosition(p)));
              });
      return map;
    }

    private RolloutSpec rollout(JsonNode node) {
      List<BatchSize> ramp = new ArrayList<>();
      JsonNode batch = node.path("batch");
      if (batch.isArray()) {
        for (int i = 0; i < batch.size(); i++) {
          batchSize(batch.get(i), "/rollout/batch/" + i).ifPresent(ramp::add);
        }
      } else if (!batch.isMissingNode()) {
        batchSize(batch, "/rollout/batch").ifPresent(ramp::add);
      }
      if (ramp.isEmpty()) {
        ramp.add(new BatchSize.Count(1));
      }
      Duration pause = node.has("pause") ? duration(doc, "/rollout/pause") : Duration.ZERO;
      return new RolloutSpec(ramp, pause);
    }

    private java.util.Optional<BatchSize> batchSize(JsonNode node, String pointer) {
      if (node.isInt()) {
        return java.util.Optional.of(new BatchSize.Count(node.intValue()));
      }
      try {
        return java.util.Optional.of(new BatchSize.Percent(Percentages.parse(node.asText())));
      } catch (IllegalArgumentException e) {
        problems.add(doc.valuePosition(pointer), "rollout.batch: " + e.getMessage());
        return java.util.Optional.empty();
      }
    }

    GateSpec gate(YamlDocument d, String pointer) {
      JsonNode node = d.root().at(pointer);
      Duration interval =
          node.has("interval") ? duration(d, pointer + "/interval") : GateSpec.DEFAULT_INTERVAL;
      Duration timeout =
          node.has("timeout") ? duration(d, pointer + "/timeout") : GateSpec.DEFAULT_TIMEOUT;
      int consecutive = node.path("consecutive").asInt(GateSpec.DEFAULT_CONSECUTIVE);
      if (interval != null && interval.isZero()) {
        problems.add(
            d.valuePosition(pointer + "/interval"),
            label(pointer + "/interval") + ": must be longer than 0s");
      }
      if (interval != null && timeout != null && timeout.compareTo(interval) < 0) {
        problems.add(
            d.valuePosition(pointer + "/timeout"),
            label(pointer + "/timeout")
                + ": "
                + Durations.format(timeout)
                + " is shorter than the interval "
                + Durations.format(interval)
                + ", so the gate could never pass; make it longer than the interval");
      }
      if (interval != null
          && timeout != null
          && consecutive > 2
          && timeout.compareTo(interval) >= 0
          && timeout.compareTo(interval.multipliedBy(consecutive - 1L)) < 0) {
        problems.add(
            d.valuePosition(pointer + "/timeout"),
            label(pointer + "/timeout")
                + ": "
                + Durations.format(timeout)
                + " is shorter than "
                + (consecutive - 1)
                + " intervals of "
                + Durations.format(interval)
                + ", the least time "
                + consecutive
                + " healthy checks in a row take, so the gate could never pass; make it at least "
                + Durations.format(interval.multipliedBy(consecutive - 1L)));
      }
      Duration settle = node.has("settle") ? duration(d, pointer + "/settle") : Duration.ZERO;
      if (node.has("before-stop") && !pointer.equals("/health")) {
        problems.add(
            d.keyPosition(pointer + "/before-stop"),
            label(pointer)
                + ": before-stop: belongs to health:, the gate awaited before each node's stop;"
                + " a gate step already runs where it is written");
      }
      ConditionReader reader = new ConditionReader(problems);
      List<ConditionSpec> conditions = new ArrayList<>(reader.list(d, pointer + "/all"));
      if (node.has("any")) {
        List<ConditionSpec> any = reader.list(d, pointer + "/any");
        if (!any.isEmpty()) {
          conditions.add(new ConditionSpec.AnyOf(any, d.keyPosition(pointer + "/any")));
        }
      }
      if (conditions.isEmpty()) {
        problems.add(
            d.keyPosition(pointer),
            label(pointer)
                + ": no conditions; a health gate needs all: or any: with at least one command:,"
                + " tcp:, http: or jmx: condition");
      }
      return new GateSpec(
          interval,
          consecutive,
          timeout,
          conditions,
          d.valuePosition(pointer),
          settle,
          node.path("before-stop").asBoolean(false));
    }

    private List<StepSpec> stepList(YamlDocument d, String pointer, Phase phase) {
      List<StepSpec> steps = new ArrayList<>();
      JsonNode list = d.root().at(pointer);
      for (int i = 0; i < list.size(); i++) {
        String p = pointer + "/" + i;
        JsonNode step = list.get(i);
        List<String> kinds = STEP_KINDS.stream().filter(step::has).toList();
        if (kinds.isEmpty()) {
          problems.add(
              d.valuePosition(p),
              label(p)
                  + ": a step needs one of run:, local:, wait:, gate:, include:, task:, js: or"
                  + " set: (with restore:)");
          continue;
        }
        if (kinds.size() > 1) {
          problems.add(
              d.keyPosition(p + "/" + kinds.get(1)),
              label(p)
                  + ": a step does one thing, found "
                  + String.join(": and ", kinds)
                  + ": together; make them separate steps");
          continue;
        }
        String kind = kinds.get(0);
        String name = step.path("name").asText(null);
        SourcePosition at = d.valuePosition(p);
        if (step.has("sudo") && !kind.equals("run") && !kind.equals("set")) {
          problems.add(d.keyPosition(p + "/sudo"), "sudo: applies to run: and set: steps only");
        }
        if (step.has("timeout") && List.of("wait", "gate", "include").contains(kind)) {
          problems.add(
              d.keyPosition(p + "/timeout"),
              "timeout: applies to run:, local:, set:, task: and js: steps");
        }
        if (step.has("restore") && !kind.equals("set")) {
          problems.add(d.keyPosition(p + "/restore"), "restore: belongs to a set: step (a pair)");
        }
        if (step.has("args") && !(kind.equals("task") || kind.equals("js"))) {
          problems.add(d.keyPosition(p + "/args"), "args: applies to task: and js: steps");
        }
        switch (kind) {
          case "run" -> {
            if (phase.isClusterWide()) {
              problems.add(
                  d.keyPosition(p + "/run"),
                  phase.key()
                      + " steps run once for the cluster, not on a node: use local: instead of"
                      + " run:");
            }
            steps.add(
                new StepSpec.Run(
                    name,
                    template(d, p + "/run"),
                    step.path("sudo").asBoolean(false),
                    step.has("timeout") ? duration(d, p + "/timeout") : null,
                    at));
          }
          case "local" ->
              steps.add(
                  new StepSpec.Local(
                      name,
                      template(d, p + "/local"),
                      step.has("timeout") ? duration(d, p + "/timeout") : null,
                      at));
          case "set" -> {
            if (phase.isClusterWide()) {
              problems.add(
                  d.keyPosition(p + "/set"),
                  "set:/restore: pairs belong to a node's phases (pre-stop to post-start): the"
                      + " setting is restored once the node runs again");
            } else if (!step.has("restore")) {
              problems.add(
                  d.keyPosition(p + "/set"),
                  label(p)
                      + ": set: needs its restore: (the command that undoes it, run once the node"
                      + " is back, or when the roll stops)");
            } else {
              steps.add(
                  new StepSpec.Owned(
                      name,
                      template(d, p + "/set"),
                      template(d, p + "/restore"),
                      step.path("sudo").asBoolean(false),
                      step.has("timeout") ? duration(d, p + "/timeout") : null,
                      at));
            }
          }
          case "wait" -> steps.add(new StepSpec.Wait(name, duration(d, p + "/wait"), at));
          case "gate" -> steps.add(new StepSpec.Gate(name, gate(d, p + "/gate"), at));
          case "task" -> {
            String id = step.path("task").asText();
            steps.add(
                new StepSpec.Task(
                    name,
                    id,
                    extensions.task(id).orElse(null),
                    args(d, p + "/args"),
                    step.has("timeout") ? duration(d, p + "/timeout") : null,
                    at,
                    d.valuePosition(p + "/task")));
          }
          case "js" -> {
            CompiledScript script = script(d, p + "/js");
            if (script != null) {
              steps.add(
                  new StepSpec.Js(
                      name,
                      step.path("js").asText(),
                      script,
                      args(d, p + "/args"),
                      step.has("timeout") ? duration(d, p + "/timeout") : null,
                      at));
            }
          }
          default -> steps.addAll(include(d, p + "/include", phase));
        }
      }
      return steps;
    }

    private List<StepSpec> include(YamlDocument from, String pointer, Phase phase) {
      String relative = from.root().at(pointer).asText();
      SourcePosition at = from.valuePosition(pointer);
      Path target = from.path().resolveSibling(relative).normalize();
      Path absolute = target.toAbsolutePath().normalize();
      if (including.stream().anyMatch(i -> i.path().equals(absolute))) {
        List<String> cycle = new ArrayList<>();
        including
            .descendingIterator()
            .forEachRemaining(i -> cycle.add(besidePlaybook(i.display())));
        String again = besidePlaybook(displayOf(from, relative));
        cycle.add(again);
        problems.add(
            at,
            "include cycle: "
                + String.join(" -> ", cycle.subList(cycle.indexOf(again), cycle.size()))
                + "; a file must not include itself, directly or through others");
        return List.of();
      }
      if (including.size() > MAX_INCLUDE_DEPTH) {
        problems.add(at, "includes nest deeper than " + MAX_INCLUDE_DEPTH + " levels");
        return List.of();
      }
      if (Files.isDirectory(target)) {
        problems.add(at, "include \"" + relative + "\" is a directory; name a file of steps");
        return List.of();
      }
      if (!Files.isRegularFile(target)) {
        problems.add(
            at, "included file \"" + relative + "\" not found (looked for " + target + ")");
        return List.of();
      }
      String display = displayOf(from, relative);
      YamlDocument included;
      try {
        included = new YamlDocumentReader("step list").read(target, display);
      } catch (InvalidConfigException e) {
        problems.addAll(e.problems());
        return List.of();
      }
      if (!included.root().isArray()) {
        problems.add(
            included.valuePosition(""),
            "an included file holds a list of steps, found "
                + describe(included.root())
                + (included.root().isObject() ? "; start each step with \"- \"" : ""));
        return List.of();
      }
      List<ConfigProblem> schemaProblems = stepListSchema.check(included);
      if (!schemaProblems.isEmpty()) {
        problems.addAll(schemaProblems);
        return List.of();
      }
      including.push(new Including(absolute, display));
      try {
        return stepList(included, "", phase);
      } finally {
        including.pop();
      }
    }

    /** A {@code js:} file, relative to the file that names it, compiled; null after a problem. */
    private CompiledScript script(YamlDocument from, String pointer) {
      String relative = from.root().at(pointer).asText();
      SourcePosition at = from.valuePosition(pointer);
      Path target = from.path().resolveSibling(relative).normalize();
      if (!Files.isRegularFile(target)) {
        problems.add(
            at,
            "JavaScript task \""
                + relative
                + "\" not found (looked for "
                + target
                + ")"
                + dev.rollrun.core.yaml.TextFiles.similarFileName(target));
        return null;
      }
      try {
        return extensions.script(target, displayOf(from, relative));
      } catch (InvalidConfigException e) {
        problems.addAll(e.problems());
        return null;
      }
    }

    /** A step's {@code args:} as written, every string a template with its position. */
    private Map<String, Object> args(YamlDocument d, String pointer) {
      Object value = argValue(d, pointer);
      @SuppressWarnings("unchecked")
      Map<String, Object> map = value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
      return map;
    }

    private Object argValue(YamlDocument d, String pointer) {
      JsonNode node = d.root().at(pointer);
      if (node.isObject()) {
        Map<String, Object> map = new LinkedHashMap<>();
        node.fieldNames()
            .forEachRemaining(k -> map.put(k, argValue(d, YamlDocument.child(pointer, k))));
        return map;
      }
      if (node.isArray()) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
          list.add(argValue(d, YamlDocument.child(pointer, i)));
        }
        return list;
      }
      if (node.isTextual()) {
        return template(d, pointer);
      }
      return JsonValues.toJava(node);
    }

    /** A file as the playbook's own directory sees it, to keep messages short. */
    private String besidePlaybook(String display) {
      Path base = Path.of(doc.displayName()).getParent();
      return base == null ? display : base.relativize(Path.of(display)).toString();
    }

    private String displayOf(YamlDocument from, String relative) {
      Path parent = Path.of(from.displayName()).getParent();
      return (parent == null ? Path.of(relative) : parent.resolve(relative)).normalize().toString();
    }

    private Duration duration(YamlDocument d, String pointer) {
      try {
        return Durations.parse(d.root().at(pointer).asText());
      } catch (IllegalArgumentException e) {
        problems.add(d.valuePosition(pointer), e.getMessage());
        return Duration.ZERO;
      }
    }
  }

  static Template template(YamlDocument d, String pointer) {
    return new Template(d.root().at(pointer).asText(), d.valuePosition(pointer));
  }

  static Template optionalTemplate(YamlDocument d, String pointer) {
    JsonNode node = d.root().at(pointer);
    return node.isMissingNode() || node.isNull() ? null : template(d, pointer);
  }
}
