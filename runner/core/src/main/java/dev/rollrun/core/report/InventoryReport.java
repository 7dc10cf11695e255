package dev.rollrun.core.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.report.InventoryResolution.HostResolution;
import dev.rollrun.core.report.InventoryResolution.SshResolution;
import java.util.List;
import java.util.Set;

/**
 * {@code rollrun inventory}: the hosts as rollrun resolved them, as text for a person or JSON
 * ({@code --list}) for tools and for comparing with {@code ansible-inventory --list}.
 *
 * <p>JSON: {@code {"inventory": SOURCE, "hosts": {NAME: {"declared": "file:line:column", "groups":
 * [...], "inventory": {SETTING: {"value": V, "from": ORIGIN}}, "ssh": SSH, "vars": {NAME: {"value":
 * V, "from": ORIGIN}}}}, "groups": {GROUP: [HOST...]}, "warnings": [...]}}. The {@code inventory}
 * settings are {@code address}, {@code port}, {@code user}, {@code identity} (null when the
 * inventory leaves them to SSH).
 *
 * <p>{@code SSH} is {@code {"address": NAME, "connects": true|false, "settings": {SETTING:
 * {"value": V, "from": ORIGIN}}, "jumps": [SSH...], "refused": null|WHY, "ignored": [{"setting":
 * KEYWORD, "value": V, "from": ORIGIN}]}}: settings named as {@code ssh -G} names them ({@code
 * hostname}, {@code port}, {@code user}, {@code identityfile}, {@code identitiesonly}, {@code
 * identityagent}, {@code proxyjump}, {@code proxycommand}, {@code userknownhostsfile}, {@code
 * globalknownhostsfile}, {@code stricthostkeychecking}, {@code hostkeyalias}, {@code
 * hashknownhosts}, and {@code knownhostsfile} for {@code --known-hosts}), those that take several
 * files ({@code identityfile}, {@code userknownhostsfile}, {@code globalknownhostsfile}) with a
 * list of values and a list of origins; each jump host crossed first, in order, the same way.
 */
public final class InventoryReport {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public String text(Inventory inventory, List<HostResolution> hosts) {
    StringBuilder out = new StringBuilder();
    out.append("inventory  ").append(inventory.source()).append('\n');
    for (ConfigProblem warning : inventory.warnings()) {
      out.append("warning    ").append(warning).append('\n');
    }
    for (HostResolution host : hosts) {
      out.append('\n').append(host.name()).append("  (").append(host.declared()).append(")\n");
      out.append("  groups            ")
          .append(host.groups().isEmpty() ? "-" : String.join(", ", host.groups()))
          .append('\n');
      out.append("  inventory\n");
      host.inventory().forEach(s -> line(out, "    ", s));
      out.append("  ssh\n");
      ssh(out, "    ", host.ssh());
      out.append("  vars\n");
      if (host.vars().isEmpty()) {
        out.append("    -\n");
      }
      host.vars().forEach(s -> line(out, "    ", s));
    }
    return out.toString();
  }

  private static void ssh(StringBuilder out, String indent, SshResolution ssh) {
    for (SshResolution jump : ssh.jumps()) {
      out.append(indent).append("via ").append(jump.address()).append('\n');
      ssh(out, indent + "  ", jump);
    }
    ssh.settings().forEach(s -> line(out, indent, s));
    if (ssh.refusal() != null) {
      out.append(indent).append("refused: ").append(ssh.refusal()).append('\n');
    }
    for (ResolvedSetting ignored : ssh.ignored()) {
      line(out, indent, new ResolvedSetting("ignored", ignored.value(), ignored.origin()));
    }
  }

  private static void line(StringBuilder out, String indent, ResolvedSetting setting) {
    String value = shown(setting.value());
    out.append(indent)
        .append(String.format("%-18s %-28s %s", setting.name(), value, setting.origin()).strip())
        .append('\n');
  }

  private static String shown(Object value) {
    if (value == null) {
      return "-";
    }
    if (value instanceof List<?> list) {
      return list.isEmpty() ? "-" : String.join(", ", list.stream().map(String::valueOf).toList());
    }
    if (value instanceof String) {
      return (String) value;
    }
    try {
      return JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  public String json(Inventory inventory, List<HostResolution> hosts) {
    ObjectNode root = JSON.createObjectNode();
    root.put("inventory", inventory.source());
    ObjectNode hostsNode = root.putObject("hosts");
    for (HostResolution host : hosts) {
      ObjectNode node = hostsNode.putObject(host.name());
      node.put("declared", host.declared().toString());
      ArrayNode groups = node.putArray("groups");
      host.groups().forEach(groups::add);
      settings(node.putObject("inventory"), host.inventory());
      ssh(node.putObject("ssh"), host.ssh());
      settings(node.putObject("vars"), host.vars());
    }
    ObjectNode groups = root.putObject("groups");
    inventory
        .groups()
        .forEach(
            (name, members) -> {
              ArrayNode list = groups.putArray(name);
              members.forEach(list::add);
            });
    ArrayNode warnings = root.putArray("warnings");
    inventory.warnings().forEach(w -> warnings.add(w.toString()));
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the inventory as JSON", e);
    }
  }

  private static final Set<String> MANY =
      Set.of("identityfile", "userknownhostsfile", "globalknownhostsfile");

  private static void ssh(ObjectNode node, SshResolution ssh) {
    node.put("address", ssh.address());
    node.put("connects", ssh.connects());
    ObjectNode settings = node.putObject("settings");
    for (ResolvedSetting setting : ssh.settings()) {
      if (MANY.contains(setting.name())) {
        if (!settings.has(setting.name())) {
          ObjectNode entry = settings.putObject(setting.name());
          entry.putArray("value");
          entry.putArray("from");
        }
        JsonNode entry = settings.get(setting.name());
        ((ArrayNode) entry.get("value")).add(JSON.valueToTree(setting.value()));
        ((ArrayNode) entry.get("from")).add(setting.origin());
      } else {
        ObjectNode entry = settings.putObject(setting.name());
        entry.set("value", JSON.valueToTree(setting.value()));
        entry.put("from", setting.origin());
      }
    }
    ArrayNode jumps = node.putArray("jumps");
    ssh.jumps().forEach(j -> ssh(jumps.addObject(), j));
    node.put("refused", ssh.refusal());
    ArrayNode ignored = node.putArray("ignored");
    for (ResolvedSetting setting : ssh.ignored()) {
      ObjectNode entry = ignored.addObject();
      entry.put("setting", setting.name());
      entry.set("value", JSON.valueToTree(setting.value()));
      entry.put("from", setting.origin());
    }
  }

  private static void settings(ObjectNode node, List<ResolvedSetting> settings) {
    for (ResolvedSetting setting : settings) {
      ObjectNode entry = node.putObject(setting.name());
      entry.set("value", JSON.valueToTree(setting.value()));
      entry.put("from", setting.origin());
    }
  }
}
