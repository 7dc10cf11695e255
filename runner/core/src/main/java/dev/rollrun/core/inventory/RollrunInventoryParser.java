package dev.rollrun.core.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.api.Host;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.schema.JsonSchemaCheck;
import dev.rollrun.core.schema.SchemaCatalog;
import dev.rollrun.core.text.Suggestions;
import dev.rollrun.core.yaml.JsonValues;
import dev.rollrun.core.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * rollrun's own YAML inventory ({@code schemas/inventory.schema.json}):
 *
 * <pre>
 * defaults: { user: deploy, port: 22, identity: ~/.ssh/id_ed25519, vars: { ... } }
 * hosts:                       # in roll order
 *   kafka-1:
 *     address: 10.0.0.11       # default: the host's name
 *     roles: [broker]
 *     rack: r1
 *     vars: { broker.id: 1 }
 * groups:                      # a group's name becomes a role of its hosts
 *   eu: { hosts: [kafka-1], vars: { region: eu-west-1 } }
 * </pre>
 *
 * Variables: defaults, then groups in file order, then the host's own.
 */
public final class RollrunInventoryParser {

  private final JsonSchemaCheck schema = SchemaCatalog.builtIn().inventory();

  public Inventory parse(YamlDocument doc) {
    ProblemCollector problems = new ProblemCollector();
    problems.addAll(schema.check(doc));
    problems.throwIfAny();
    JsonNode root = doc.root();
    JsonNode defaults = root.path("defaults");
    JsonNode hostsNode = root.path("hosts");

    Map<String, List<String>> groupRoles = new LinkedHashMap<>();
    Map<String, Map<String, Object>> groupVars = new LinkedHashMap<>();
    // Where each host's variables are written: defaults, then its groups, then its own.
    Map<String, Map<String, SourcePosition>> varPositions = new LinkedHashMap<>();
    Set<String> hostNames = new LinkedHashSet<>();
    hostsNode.fieldNames().forEachRemaining(hostNames::add);
    root.path("groups")
        .fields()
        .forEachRemaining(
            group -> {
              String groupPointer = YamlDocument.child("/groups", group.getKey());
              JsonNode members = group.getValue().path("hosts");
              for (int i = 0; i < members.size(); i++) {
                String member = members.get(i).asText();
                if (!hostNames.contains(member)) {
                  problems.add(
                      doc.valuePosition(groupPointer + "/hosts/" + i),
                      "group \""
                          + group.getKey()
                          + "\" lists host \""
                          + member
                          + "\", which is not in hosts:"
                          + Suggestions.didYouMean(member, hostNames));
                  continue;
                }
                groupRoles.computeIfAbsent(member, k -> new ArrayList<>()).add(group.getKey());
                groupVars
                    .computeIfAbsent(member, k -> new LinkedHashMap<>())
                    .putAll(JsonValues.toMap(group.getValue().path("vars")));
                varPositions
                    .computeIfAbsent(member, k -> new LinkedHashMap<>())
                    .putAll(positions(doc, groupPointer + "/vars", group.getValue().path("vars")));
              }
            });

    List<Host> hosts = new ArrayList<>();
    Map<String, SourcePosition> positions = new LinkedHashMap<>();
    Map<String, SourcePosition> settings = new LinkedHashMap<>();
    hostsNode
        .fields()
        .forEachRemaining(
            entry -> {
              String name = entry.getKey();
              JsonNode h = entry.getValue();
              String pointer = YamlDocument.child("/hosts", name);
              positions.put(name, doc.keyPosition(pointer));
              if (h.has("address")) {
                settings.put(
                    Inventory.settingKey(name, "address"), doc.valuePosition(pointer + "/address"));
              }
              if (h.has("identity")) {
                settings.put(
                    Inventory.settingKey(name, "identity"),
                    doc.valuePosition(pointer + "/identity"));
              } else if (defaults.has("identity")) {
                settings.put(
                    Inventory.settingKey(name, "identity"),
                    doc.valuePosition("/defaults/identity"));
              }
              LinkedHashSet<String> roles = new LinkedHashSet<>();
              h.path("roles").forEach(r -> roles.add(r.asText()));
              roles.addAll(groupRoles.getOrDefault(name, List.of()));
              Map<String, Object> vars =
                  new LinkedHashMap<>(JsonValues.toMap(defaults.path("vars")));
              vars.putAll(groupVars.getOrDefault(name, Map.of()));
              vars.putAll(JsonValues.toMap(h.path("vars")));
              Map<String, SourcePosition> written =
                  new LinkedHashMap<>(positions(doc, "/defaults/vars", defaults.path("vars")));
              written.putAll(varPositions.getOrDefault(name, Map.of()));
              written.putAll(positions(doc, pointer + "/vars", h.path("vars")));
              written.forEach(
                  (key, at) ->
                      settings.put(Inventory.settingKey(name, Inventory.variableSetting(key)), at));
              hosts.add(
                  new Host(
                      name,
                      text(h, "address", name),
                      h.path("port").asInt(defaults.path("port").asInt(0)),
                      text(h, "user", text(defaults, "user", null)),
                      text(h, "identity", text(defaults, "identity", null)),
                      List.copyOf(roles),
                      text(h, "rack", null),
                      text(h, "zone", null),
                      vars));
            });
    problems.throwIfAny();
    return new Inventory(doc.displayName(), hosts, positions, settings);
  }

  /** Where each variable of a {@code vars} mapping is written. */
  private static Map<String, SourcePosition> positions(
      YamlDocument doc, String pointer, JsonNode vars) {
    Map<String, SourcePosition> positions = new LinkedHashMap<>();
    vars.fieldNames()
        .forEachRemaining(
            key -> positions.put(key, doc.valuePosition(YamlDocument.child(pointer, key))));
    return positions;
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.path(field);
    return value.isTextual() ? value.asText() : fallback;
  }
}
