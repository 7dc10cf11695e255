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
import dev.rollrun.core.text.RegularExpressions;
import dev.rollrun.core.yaml.JsonValues;
import dev.rollrun.core.yaml.TextFiles;
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
  private static final List<String> STEP_KINDS = List.of("run", "local", "wait", "gate", "include");

  private final JsonSchemaCheck playbookSchema;
  private final JsonSchemaCheck stepListSchema;

  /** A reader checking playbooks against the playbook schema of {@code schemas}. */
  public PlaybookReader(SchemaCatalog schemas) {
    this.playbookSchema = schemas.playbook();
    this.stepListSchema = schemas.stepList();
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
      if (inventory != null) {
        TextFiles.unusableFileName(inventory.source())
            .ifPresent(why -> problems.add(inventory.position(), "inventory: the name " + why));
      }
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
          health,
          steps,
          doc);
    }

    private ServiceSpec service(JsonNode node) {
      Map<String, ServiceSpec.StopStart> roles = overrides(node, "/service/roles");
      Map<String, ServiceSpec.StopStart> hosts = overrides(node, "/service/hosts");
      return new ServiceSpec(
          node.path("name").asText(null),
          optionalTemplate(doc, "/service/stop"),
          optionalTemplate(doc, "/service/start"),
          node.path("sudo").asBoolean(false),
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

    private GateSpec gate(YamlDocument d, String pointer) {
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
          && !interval.isZero()
          && consecutive > 1
          && timeout.compareTo(interval) >= 0
          && interval.toMillis() > timeout.toMillis() / (consecutive - 1)) {
        // The first check is at once, each next one an interval later: the last of a streak
        // comes (consecutive - 1) intervals after the first.
        problems.add(
            d.valuePosition(pointer + "/consecutive"),
            label(pointer + "/consecutive")
                + ": "
                + consecutive
                + " healthy checks "
                + Durations.format(interval)
                + " apart take longer than the timeout "
                + Durations.format(timeout)
                + ", so the gate could never pass; lower consecutive or raise the timeout");
      }
      List<ConditionSpec> conditions = new ArrayList<>();
      JsonNode all = node.path("all");
      for (int i = 0; i < all.size(); i++) {
        String p = pointer + "/all/" + i;
        JsonNode condition = all.get(i);
        if (condition.has("command")) {
          conditions.add(commandCondition(d, p + "/command"));
        } else if (condition.has("tcp")) {
          conditions.add(tcpCondition(d, p + "/tcp"));
        }
      }
      if (conditions.isEmpty()) {
        problems.add(
            d.keyPosition(pointer),
            label(pointer)
                + ": no conditions; a health gate needs all: with at least one command: or tcp:"
                + " condition");
      }
      return new GateSpec(interval, consecutive, timeout, conditions, d.valuePosition(pointer));
    }

    private ConditionSpec commandCondition(YamlDocument d, String pointer) {
      JsonNode node = d.root().at(pointer);
      Template output = optionalTemplate(d, pointer + "/output");
      if (output != null && !output.isTemplated()) {
        RegularExpressions.check(output.source())
            .ifPresent(problem -> problems.add(output.position(), problem));
      }
      return new ConditionSpec.Command(
          template(d, pointer + "/run"),
          Where.fromKey(node.path("on").asText("node")),
          node.path("exit").asInt(0),
          output,
          node.path("sudo").asBoolean(false),
          d.keyPosition(pointer));
    }

    private ConditionSpec tcpCondition(YamlDocument d, String pointer) {
      JsonNode node = d.root().at(pointer);
      JsonNode port = node.path("port");
      if (port.isTextual() && !template(d, pointer + "/port").isTemplated()) {
        problems.add(
            d.valuePosition(pointer + "/port"),
            label(pointer + "/port")
                + ": \""
                + port.asText()
                + "\" is not a port number; write a number from 1 to 65535 or a template such as"
                + " \"{{ host.vars.http_port }}\"");
      }
      return new ConditionSpec.Tcp(
          template(d, pointer + "/port"),
          optionalTemplate(d, pointer + "/host"),
          node.path("from").asText("local").equals("node") ? Where.NODE : Where.LOCAL,
          d.keyPosition(pointer));
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
              label(p) + ": a step needs one of run:, local:, wait:, gate: or include:");
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
        if (step.has("sudo") && !kind.equals("run")) {
          problems.add(d.keyPosition(p + "/sudo"), "sudo: applies to run: steps only");
        }
        if (step.has("timeout") && !(kind.equals("run") || kind.equals("local"))) {
          problems.add(d.keyPosition(p + "/timeout"), "timeout: applies to run: and local: steps");
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
          case "wait" -> steps.add(new StepSpec.Wait(name, duration(d, p + "/wait"), at));
          case "gate" -> steps.add(new StepSpec.Gate(name, gate(d, p + "/gate"), at));
          default -> steps.addAll(include(d, p + "/include", phase));
        }
      }
      return steps;
    }

    private List<StepSpec> include(YamlDocument from, String pointer, Phase phase) {
      String relative = from.root().at(pointer).asText();
      SourcePosition at = from.valuePosition(pointer);
      java.util.Optional<String> unusable = TextFiles.unusableFileName(relative);
      if (unusable.isPresent()) {
        problems.add(at, "include: the name " + unusable.get());
        return List.of();
      }
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
      if (!Files.exists(target)) {
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
