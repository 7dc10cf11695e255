package dev.rollrun.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.api.Host;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed from one plan to another, in the words of the plans: the settings of the roll, the
 * nodes added and removed, the roll order, the cluster-wide steps, and for each group of nodes that
 * changed alike, which steps, gates and conditions changed, were added or were removed. Nodes are
 * compared by name, steps in order (a step that keeps its place and kind but does something else is
 * shown as before and after), each node's name and address as placeholders so that 500 nodes that
 * changed alike read as one group.
 *
 * <p>Both plans are read as JSON ({@link dev.rollrun.core.plan.PlanJson}: {@code rollrun plan
 * --format json} or {@code --out}), so a plan written by an earlier run compares with one made now.
 */
public final class PlanDiff {

  /** More groups of changed nodes than this, and the rest is only counted. */
  private static final int MAX_GROUPS = 20;

  /**
   * One change.
   *
   * @param where the phase ({@code stop}), {@code health}, {@code host} or a setting of the roll
   * @param before what it was, or null when it was added
   * @param after what it is now, or null when it was removed
   */
  record Change(String where, String before, String after) {}

  /** Changes shared by a group of nodes, or by a part of the plan. */
  record Section(String title, List<Change> changes) {}

  private final String beforeDigest;
  private final String afterDigest;
  private final String name;
  private final List<Change> settings;
  private final List<String> orderBefore;
  private final List<String> orderAfter;
  private final List<Section> sections;
  private final int groupsLeftOut;

  private PlanDiff(
      String beforeDigest,
      String afterDigest,
      String name,
      List<Change> settings,
      List<String> orderBefore,
      List<String> orderAfter,
      List<Section> sections,
      int groupsLeftOut) {
    this.beforeDigest = beforeDigest;
    this.afterDigest = afterDigest;
    this.name = name;
    this.settings = List.copyOf(settings);
    this.orderBefore = List.copyOf(orderBefore);
    this.orderAfter = List.copyOf(orderAfter);
    this.sections = List.copyOf(sections);
    this.groupsLeftOut = groupsLeftOut;
  }

  /** What changed from {@code before} to {@code after}, two plans as JSON. */
  public static PlanDiff between(JsonNode before, JsonNode after) {
    Map<String, JsonNode> nodesBefore = nodes(before);
    Map<String, JsonNode> nodesAfter = nodes(after);
    PlanJsonText textBefore = new PlanJsonText(hosts(before));
    PlanJsonText textAfter = new PlanJsonText(hosts(after));

    List<Change> settings = new ArrayList<>();
    for (String field : List.of("playbook", "cluster", "inventory", "selection")) {
      setting(settings, field, before.path(field), after.path(field));
    }
    setting(
        settings,
        "batch",
        before.path("rollout").path("batch"),
        after.path("rollout").path("batch"));
    setting(
        settings,
        "pause",
        before.path("rollout").path("pause"),
        after.path("rollout").path("pause"));
    setting(settings, "nodes", before.path("nodes"), after.path("nodes"));
    List<String> removed = names(nodesBefore.keySet(), nodesAfter.keySet());
    List<String> added = names(nodesAfter.keySet(), nodesBefore.keySet());
    if (!removed.isEmpty()) {
      settings.add(new Change("nodes removed", HostRanges.write(removed, 12), null));
    }
    if (!added.isEmpty()) {
      settings.add(new Change("nodes added", null, HostRanges.write(added, 12)));
    }
    Map<String, JsonNode> bystandersBefore = bystanders(before);
    Map<String, JsonNode> bystandersAfter = bystanders(after);
    List<String> noLongerBystanders = names(bystandersBefore.keySet(), bystandersAfter.keySet());
    List<String> newBystanders = names(bystandersAfter.keySet(), bystandersBefore.keySet());
    if (!noLongerBystanders.isEmpty()) {
      settings.add(
          new Change("bystanders removed", HostRanges.write(noLongerBystanders, 12), null));
    }
    if (!newBystanders.isEmpty()) {
      settings.add(new Change("bystanders added", null, HostRanges.write(newBystanders, 12)));
    }

    List<List<String>> batchesBefore = batches(before);
    List<List<String>> batchesAfter = batches(after);
    List<String> orderBefore = List.of();
    List<String> orderAfter = List.of();
    if (!batchesBefore.equals(batchesAfter)) {
      orderBefore = orderLines(batchesBefore);
      orderAfter = orderLines(batchesAfter);
    }

    List<Section> sections = new ArrayList<>();
    for (String phase : List.of("pre-cluster", "post-cluster", "on-failure")) {
      List<Change> changes =
          steps(
              items(before.path(phase), textBefore, null),
              items(after.path(phase), textAfter, null));
      if (!changes.isEmpty()) {
        sections.add(new Section(phase, changes));
      }
    }
    Map<List<Change>, List<String>> groups = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : nodesAfter.entrySet()) {
      JsonNode was = nodesBefore.get(entry.getKey());
      if (was == null) {
        continue;
      }
      List<Change> changes = node(was, entry.getValue(), textBefore, textAfter);
      if (!changes.isEmpty()) {
        groups.computeIfAbsent(changes, c -> new ArrayList<>()).add(entry.getKey());
      }
    }
    for (Map.Entry<String, JsonNode> entry : bystandersAfter.entrySet()) {
      JsonNode was = bystandersBefore.get(entry.getKey());
      if (was == null) {
        continue;
      }
      List<Change> changes = node(was, entry.getValue(), textBefore, textAfter);
      if (!changes.isEmpty()) {
        groups.computeIfAbsent(changes, c -> new ArrayList<>()).add(entry.getKey());
      }
    }
    int shown = 0;
    for (Map.Entry<List<Change>, List<String>> group : groups.entrySet()) {
      if (shown++ == MAX_GROUPS) {
        break;
      }
      List<String> names = group.getValue();
      sections.add(
          new Section(
              HostRanges.write(names, 8)
                  + " ("
                  + names.size()
                  + (names.size() == 1 ? " node)" : " nodes)"),
              group.getKey()));
    }
    return new PlanDiff(
        before.path("digest").asText("?"),
        after.path("digest").asText("?"),
        after.path("playbook").asText(),
        settings,
        orderBefore,
        orderAfter,
        sections,
        Math.max(0, groups.size() - MAX_GROUPS));
  }

  /** True when the plans do the same: nothing to show. */
  public boolean isEmpty() {
    return settings.isEmpty() && orderBefore.isEmpty() && sections.isEmpty();
  }

  public String beforeDigest() {
    return beforeDigest;
  }

  public String afterDigest() {
    return afterDigest;
  }

  /** For a terminal or an error message. */
  public String text() {
    StringBuilder out = new StringBuilder();
    out.append("plan ")
        .append(beforeDigest)
        .append(" -> ")
        .append(afterDigest)
        .append("  ")
        .append(name)
        .append('\n');
    if (isEmpty()) {
      return out.append("no change\n").toString();
    }
    for (Change change : settings) {
      out.append(pad(change.where(), 19)).append(textOf(change)).append('\n');
    }
    if (!orderBefore.isEmpty()) {
      String label = "order before";
      for (String line : orderBefore) {
        out.append(pad(label, 19)).append(line).append('\n');
        label = "";
      }
      label = "order now";
      for (String line : orderAfter) {
        out.append(pad(label, 19)).append(line).append('\n');
        label = "";
      }
    }
    for (Section section : sections) {
      out.append('\n').append(section.title()).append('\n');
      for (Change change : section.changes()) {
        out.append("  ").append(change.where()).append(": ").append(textOf(change)).append('\n');
      }
    }
    if (groupsLeftOut > 0) {
      out.append('\n')
          .append("... and ")
          .append(groupsLeftOut)
          .append(" more groups of nodes changed otherwise (compare the JSON plans)\n");
    }
    return out.toString();
  }

  /** For a pull-request description or comment. */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("### rollrun plan diff `")
        .append(beforeDigest)
        .append("` → `")
        .append(afterDigest)
        .append("`: ")
        .append(MarkdownPlanRenderer.escape(name))
        .append("\n\n");
    if (isEmpty()) {
      return out.append("No change.\n").toString();
    }
    if (!settings.isEmpty() || !orderBefore.isEmpty()) {
      out.append("| | before | now |\n|---|---|---|\n");
      for (Change change : settings) {
        out.append("| ")
            .append(change.where())
            .append(" | ")
            .append(change.before() == null ? "" : MarkdownPlanRenderer.escape(change.before()))
            .append(" | ")
            .append(change.after() == null ? "" : MarkdownPlanRenderer.escape(change.after()))
            .append(" |\n");
      }
      if (!orderBefore.isEmpty()) {
        out.append("| order | ")
            .append(
                String.join(
                    "<br>", orderBefore.stream().map(MarkdownPlanRenderer::escape).toList()))
            .append(" | ")
            .append(
                String.join("<br>", orderAfter.stream().map(MarkdownPlanRenderer::escape).toList()))
            .append(" |\n");
      }
    }
    for (Section section : sections) {
      out.append("\n#### ").append(MarkdownPlanRenderer.escape(section.title())).append("\n\n");
      for (Change change : section.changes()) {
        out.append("- ").append(change.where()).append(": ");
        if (change.before() == null) {
          out.append("added ").append(MarkdownPlanRenderer.code(change.after()));
        } else if (change.after() == null) {
          out.append("removed ").append(MarkdownPlanRenderer.code(change.before()));
        } else {
          out.append(MarkdownPlanRenderer.code(change.before()))
              .append(" → ")
              .append(MarkdownPlanRenderer.code(change.after()));
        }
        out.append('\n');
      }
    }
    if (groupsLeftOut > 0) {
      out.append("\n_... and ")
          .append(groupsLeftOut)
          .append(" more groups of nodes changed otherwise (compare the JSON plans)_\n");
    }
    return out.toString();
  }

  private static String textOf(Change change) {
    if (change.before() == null) {
      return "added " + change.after();
    }
    if (change.after() == null) {
      return "removed " + change.before();
    }
    return change.before() + " -> " + change.after();
  }

  // ---- comparing ------------------------------------------------------------------------------

  private static void setting(List<Change> settings, String field, JsonNode was, JsonNode is) {
    String before = was.isMissingNode() ? "(none)" : was.asText();
    String after = is.isMissingNode() ? "(none)" : is.asText();
    if (!before.equals(after)) {
      settings.add(new Change(field, before, after));
    }
  }

  /** A line of a node or of the cluster-wide steps, to compare in order. */
  private record Item(String where, String kind, String text) {}

  /** What changed on one node: its host's fields, its steps, its health gate. */
  private static List<Change> node(
      JsonNode before, JsonNode after, PlanJsonText textBefore, PlanJsonText textAfter) {
    List<Change> changes = new ArrayList<>();
    Map<String, String> fieldsBefore = PlanJsonText.hostFields(before.path("host"));
    Map<String, String> fieldsAfter = PlanJsonText.hostFields(after.path("host"));
    fieldsAfter.forEach(
        (field, value) -> {
          String was = fieldsBefore.get(field);
          if (!Objects.equals(was, value)) {
            changes.add(new Change("host " + field, was, value));
          }
        });
    Host hostBefore = PlanJsonText.host(before.path("host"));
    Host hostAfter = PlanJsonText.host(after.path("host"));
    List<Item> itemsBefore = items(before.path("steps"), textBefore, hostBefore);
    List<Item> itemsAfter = items(after.path("steps"), textAfter, hostAfter);
    itemsBefore.addAll(health(before.path("health"), textBefore, hostBefore));
    itemsAfter.addAll(health(after.path("health"), textAfter, hostAfter));
    changes.addAll(steps(itemsBefore, itemsAfter));
    return List.copyOf(changes);
  }

  private static List<Item> items(JsonNode steps, PlanJsonText text, Host host) {
    List<Item> items = new ArrayList<>();
    for (JsonNode step : steps) {
      String line = text.step(step);
      items.add(
          new Item(
              step.path("phase").asText(),
              step.path("kind").asText(),
              host == null ? line : HostFields.abstracted(host, line)));
    }
    return items;
  }

  private static List<Item> health(JsonNode gate, PlanJsonText text, Host host) {
    List<Item> items = new ArrayList<>();
    if (gate.isMissingNode()) {
      items.add(new Item("health", "gate", "none declared"));
      return items;
    }
    items.add(new Item("health", "gate", PlanJsonText.gateTiming(gate)));
    for (JsonNode condition : gate.path("all")) {
      items.add(
          new Item("health", "condition", HostFields.abstracted(host, text.condition(condition))));
    }
    return items;
  }

  /**
   * The changes from {@code before} to {@code after}, lines matched in order (a longest common
   * subsequence); a line removed and a line added at the same place, of the same phase and kind,
   * read as one line changed.
   */
  private static List<Change> steps(List<Item> before, List<Item> after) {
    int n = before.size();
    int m = after.size();
    int[][] common = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        common[i][j] =
            before.get(i).equals(after.get(j))
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    List<Change> changes = new ArrayList<>();
    List<Item> gone = new ArrayList<>();
    List<Item> come = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && before.get(i).equals(after.get(j))) {
        flush(changes, gone, come);
        i++;
        j++;
      } else if (j < m && (i == n || common[i][j + 1] >= common[i + 1][j])) {
        come.add(after.get(j++));
      } else {
        gone.add(before.get(i++));
      }
    }
    flush(changes, gone, come);
    return changes;
  }

  /** Removed and added lines between two unchanged ones: pairs of one phase and kind changed. */
  private static void flush(List<Change> changes, List<Item> gone, List<Item> come) {
    List<Item> unmatched = new ArrayList<>(come);
    for (Item was : gone) {
      Item is =
          unmatched.stream()
              .filter(c -> c.where().equals(was.where()) && c.kind().equals(was.kind()))
              .findFirst()
              .orElse(null);
      if (is != null) {
        unmatched.remove(is);
        changes.add(new Change(label(was), was.text(), is.text()));
      } else {
        changes.add(new Change(label(was), was.text(), null));
      }
    }
    for (Item is : unmatched) {
      changes.add(new Change(label(is), null, is.text()));
    }
    gone.clear();
    come.clear();
  }

  private static String label(Item item) {
    return item.where().equals("health") && item.kind().equals("condition")
        ? "health condition"
        : item.where();
  }

  // ---- reading the JSON ---------------------------------------------------------------------

  private static Map<String, JsonNode> nodes(JsonNode plan) {
    Map<String, JsonNode> nodes = new LinkedHashMap<>();
    for (JsonNode batch : plan.path("batches")) {
      for (JsonNode node : batch.path("nodes")) {
        nodes.put(node.path("host").path("name").asText(), node);
      }
    }
    return nodes;
  }

  private static Map<String, JsonNode> bystanders(JsonNode plan) {
    Map<String, JsonNode> nodes = new LinkedHashMap<>();
    for (JsonNode node : plan.path("bystanders")) {
      nodes.put(node.path("host").path("name").asText(), node);
    }
    return nodes;
  }

  private static Map<String, Host> hosts(JsonNode plan) {
    Map<String, Host> hosts = new LinkedHashMap<>();
    nodes(plan).forEach((name, node) -> hosts.put(name, PlanJsonText.host(node.path("host"))));
    bystanders(plan).forEach((name, node) -> hosts.put(name, PlanJsonText.host(node.path("host"))));
    return hosts;
  }

  private static List<List<String>> batches(JsonNode plan) {
    List<List<String>> batches = new ArrayList<>();
    for (JsonNode batch : plan.path("batches")) {
      List<String> names = new ArrayList<>();
      batch.path("nodes").forEach(n -> names.add(n.path("host").path("name").asText()));
      batches.add(names);
    }
    return batches;
  }

  private static List<String> orderLines(List<List<String>> batches) {
    return PlanSummary.order(batches).stream().map(l -> l.batches() + ": " + l.nodes()).toList();
  }

  /** The names of {@code these} that are not in {@code those}, in order. */
  private static List<String> names(Set<String> these, Set<String> those) {
    Set<String> others = new HashSet<>(those);
    return these.stream().filter(n -> !others.contains(n)).toList();
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text + " " : text + " ".repeat(width - text.length());
  }
}
