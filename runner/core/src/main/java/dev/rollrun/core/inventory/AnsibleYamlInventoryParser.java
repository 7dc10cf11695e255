package dev.rollrun.core.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rollrun.core.inventory.AnsibleHostPattern.InvalidHostPatternException;
import dev.rollrun.core.inventory.AnsibleInventoryBuilder.Value;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.ProblemCollector;
import dev.rollrun.core.problem.SourcePosition;
import dev.rollrun.core.text.Suggestions;
import dev.rollrun.core.yaml.YamlDocument;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an Ansible YAML inventory as operators already have it.
 *
 * <pre>
 * all:
 *   vars:                        # variables for every host
 *     ansible_user: deploy
 *   hosts:
 *     bastion.example.com:       # a host with no variables
 *   children:                    # groups inside a group, each the same shape
 *     web:
 *       hosts:
 *         web[01:03].example.com:
 *         web-canary:
 *           ansible_host: 10.0.0.9
 *           ansible_port: 2222
 *     kafka:
 *       hosts:
 *         kafka-1: { broker.id: 1 }
 * </pre>
 *
 * <ul>
 *   <li>The file is a mapping of group names, usually just {@code all}. A group is empty or a
 *       mapping with at most {@code hosts}, {@code vars} and {@code children}; any other key is a
 *       problem (Ansible only warns, and the hosts under a misspelt {@code hots:} would silently
 *       not be rolled).
 *   <li>{@code hosts} maps host patterns (ranges and {@code name:port}, see {@link
 *       AnsibleHostPattern}) to the host's variables, or to nothing.
 *   <li>{@code children} maps group names to groups; a group named in several places is one group.
 *   <li>Variable values keep their YAML type: {@link String}, {@link Integer}, {@link Long}, {@link
 *       Double}, {@link Boolean}, {@code null}, and unmodifiable {@link List}s and {@link Map}s.
 * </ul>
 *
 * <p>Connection variables, roles and variable precedence are resolved as {@link
 * AnsibleInventoryBuilder} describes. Every problem is collected and reported together as an {@link
 * InvalidConfigException} naming {@code file:line:column}.
 */
public final class AnsibleYamlInventoryParser {

  private static final List<String> GROUP_KEYS = List.of("hosts", "vars", "children");

  /** The message for a {@code !vault} value, wherever one is found. */
  static final String VAULT =
      "vault-encrypted values are not supported: pass it as a secret with -e @file";

  public Inventory parse(YamlDocument doc) {
    ProblemCollector problems = new ProblemCollector();
    AnsibleInventoryBuilder builder = new AnsibleInventoryBuilder(doc.displayName(), problems);
    read(builder, problems, doc);
    Inventory inventory = builder.build();
    problems.throwIfAny();
    return inventory;
  }

  /** Reads one file of an inventory into {@code builder}, which may hold files read before. */
  void read(AnsibleInventoryBuilder builder, ProblemCollector problems, YamlDocument doc) {
    new Reading(doc, builder, problems).read();
  }

  /**
   * Refuses the local tags Ansible's YAML gives a meaning rollrun cannot honour: {@code !vault} (a
   * value encrypted with ansible-vault) and tags Ansible does not know either; {@code !unsafe}
   * (text Ansible will not template) is read as the text it is.
   */
  static void checkTags(YamlDocument doc, ProblemCollector problems) {
    doc.localTags()
        .forEach(
            (pointer, tag) -> {
              if (tag.equals("!vault") || tag.equals("!vault-encrypted")) {
                problems.add(doc.keyPosition(pointer), VAULT);
              } else if (!tag.equals("!unsafe")) {
                problems.add(
                    doc.valuePosition(pointer),
                    "unknown YAML tag " + tag + "; Ansible's YAML knows !unsafe and !vault");
              }
            });
  }

  /** The state of reading one document. */
  private static final class Reading {
    private final YamlDocument doc;
    private final ProblemCollector problems;
    private final AnsibleInventoryBuilder builder;

    Reading(YamlDocument doc, AnsibleInventoryBuilder builder, ProblemCollector problems) {
      this.doc = doc;
      this.builder = builder;
      this.problems = problems;
    }

    void read() {
      JsonNode root = doc.root();
      if (!root.isObject()) {
        problems.add(
            doc.valuePosition(""),
            "an Ansible inventory is a mapping of group names (usually \"all:\"), not "
                + kindOf(root));
        return;
      }
      checkTags(doc, problems);
      for (Map.Entry<String, JsonNode> entry : root.properties()) {
        String pointer = YamlDocument.child("", entry.getKey());
        if (entry.getKey().equals("plugin") && entry.getValue().isTextual()) {
          // A dynamic inventory's configuration (aws_ec2.yml) looks like a YAML inventory.
          problems.add(
              doc.keyPosition(pointer),
              "\"plugin: "
                  + entry.getValue().textValue()
                  + "\" configures an Ansible inventory plugin; rollrun reads static inventories"
                  + " only");
          continue;
        }
        group(entry.getKey(), entry.getValue(), pointer);
      }
    }

    private void group(String name, JsonNode node, String pointer) {
      builder.group(name);
      if (node.isNull()) {
        return;
      }
      if (!node.isObject()) {
        problems.add(
            doc.valuePosition(pointer),
            "group \""
                + name
                + "\" must be a mapping of hosts, vars and children, not "
                + kindOf(node));
        return;
      }
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        String key = entry.getKey();
        String child = YamlDocument.child(pointer, key);
        switch (key) {
          case "hosts" -> hosts(name, entry.getValue(), child);
          case "vars" -> vars(name, entry.getValue(), child);
          case "children" -> children(name, entry.getValue(), child);
          default ->
              problems.add(
                  doc.keyPosition(child),
                  "unknown key \""
                      + key
                      + "\" in group \""
                      + name
                      + "\"; a group has hosts, vars and children"
                      + Suggestions.didYouMean(key, GROUP_KEYS));
        }
      }
    }

    private void hosts(String group, JsonNode node, String pointer) {
      if (node.isNull()) {
        return;
      }
      if (node.isTextual()) {
        // Ansible reads "hosts: web1" as one host without variables.
        String pattern = node.textValue();
        try {
          AnsibleHostPattern.Expansion expansion = AnsibleHostPattern.expand(pattern);
          for (String name : expansion.names()) {
            builder.host(name, group, doc.valuePosition(pointer));
            if (expansion.port() > 0) {
              builder.hostVar(
                  name, "ansible_port", new Value(expansion.port(), doc.valuePosition(pointer)));
            }
          }
        } catch (InvalidHostPatternException e) {
          problems.add(doc.valuePosition(pointer), e.getMessage());
        }
        return;
      }
      if (!node.isObject()) {
        problems.add(
            doc.valuePosition(pointer),
            "hosts of group \""
                + group
                + "\" must be a mapping of host names, not "
                + kindOf(node)
                + (node.isArray() ? " (write \"web1:\", not \"- web1\")" : ""));
        return;
      }
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        String pattern = entry.getKey();
        String hostPointer = YamlDocument.child(pointer, pattern);
        SourcePosition position = doc.keyPosition(hostPointer);
        JsonNode vars = entry.getValue();
        if (!vars.isNull() && !vars.isObject()) {
          problems.add(
              doc.valuePosition(hostPointer),
              "host \""
                  + pattern
                  + "\" must map to its variables or to nothing, not "
                  + kindOf(vars));
          continue;
        }
        AnsibleHostPattern.Expansion expansion;
        try {
          expansion = AnsibleHostPattern.expand(pattern);
        } catch (InvalidHostPatternException e) {
          problems.add(position, e.getMessage());
          continue;
        }
        for (String name : expansion.names()) {
          builder.host(name, group, position);
          if (expansion.port() > 0) {
            builder.hostVar(name, "ansible_port", new Value(expansion.port(), position));
          }
          for (Map.Entry<String, JsonNode> var : vars.properties()) {
            builder.hostVar(name, var.getKey(), value(var.getValue(), hostPointer, var.getKey()));
          }
        }
      }
    }

    private void vars(String group, JsonNode node, String pointer) {
      if (node.isNull()) {
        return;
      }
      if (!node.isObject()) {
        problems.add(
            doc.valuePosition(pointer),
            "vars of group \"" + group + "\" must be a mapping, not " + kindOf(node));
        return;
      }
      for (Map.Entry<String, JsonNode> var : node.properties()) {
        builder.groupVar(group, var.getKey(), value(var.getValue(), pointer, var.getKey()));
      }
    }

    private void children(String parent, JsonNode node, String pointer) {
      if (node.isNull()) {
        return;
      }
      if (node.isTextual()) {
        // Ansible reads "children: web" as one child group.
        builder.child(parent, node.textValue(), doc.valuePosition(pointer));
        builder.group(node.textValue());
        return;
      }
      if (!node.isObject()) {
        problems.add(
            doc.valuePosition(pointer),
            "children of group \""
                + parent
                + "\" must be a mapping of group names, not "
                + kindOf(node));
        return;
      }
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        String child = YamlDocument.child(pointer, entry.getKey());
        builder.child(parent, entry.getKey(), doc.keyPosition(child));
        group(entry.getKey(), entry.getValue(), child);
      }
    }

    private Value value(JsonNode node, String parentPointer, String key) {
      return new Value(toJava(node), doc.valuePosition(YamlDocument.child(parentPointer, key)));
    }
  }

  /** The plain Java value of a YAML value, collections unmodifiable. */
  static Object toJava(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING -> node.textValue();
      case BOOLEAN -> node.booleanValue();
      case NUMBER -> node.numberValue();
      case NULL, MISSING -> null;
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        node.forEach(item -> list.add(toJava(item)));
        yield Collections.unmodifiableList(list);
      }
      case OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), toJava(e.getValue())));
        yield Collections.unmodifiableMap(map);
      }
      case BINARY, POJO -> node.asText();
    };
  }

  private static String kindOf(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "a mapping";
      case STRING -> "the text \"" + node.textValue() + "\"";
      case NULL, MISSING -> "nothing";
      default -> node.toString();
    };
  }
}
