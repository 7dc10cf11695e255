package dev.rollrun.core.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rollrun.api.Host;
import dev.rollrun.core.config.Durations;
import java.util.List;

/**
 * The plan as a JSON tree: the format of {@code rollrun plan --format json} and the bytes the
 * digest is computed from. Secrets appear only as {@code <secret:NAME>}. Field order is fixed.
 */
public final class PlanJson {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private PlanJson() {}

  public static ObjectNode of(RolloutPlan plan, boolean withDigest) {
    ObjectNode root = JSON.objectNode();
    if (withDigest) {
      root.put("digest", plan.digest());
    }
    root.put("playbook", plan.playbookName());
    root.put("file", plan.playbookFile());
    root.put("cluster", plan.cluster());
    root.put("inventory", plan.inventorySource());
    root.put("selection", plan.selection());
    root.put("nodes", plan.nodeCount());
    ObjectNode rollout = root.putObject("rollout");
    rollout.put("batch", plan.ramp());
    rollout.put("pause", Durations.format(plan.pause()));
    root.set("pre-cluster", steps(plan.preCluster()));
    ArrayNode batches = root.putArray("batches");
    for (Batch batch : plan.batches()) {
      ObjectNode b = batches.addObject();
      b.put("batch", batch.number());
      ArrayNode nodes = b.putArray("nodes");
      for (NodePlan node : batch.nodes()) {
        ObjectNode n = nodes.addObject();
        n.set("host", host(node.host()));
        n.set("steps", steps(node.steps()));
        if (node.health() != null) {
          n.set("health", gate(node.health()));
        }
      }
    }
    root.set("post-cluster", steps(plan.postCluster()));
    return root;
  }

  private static ObjectNode host(Host host) {
    ObjectNode h = JSON.objectNode();
    h.put("name", host.name());
    h.put("address", host.address());
    if (host.port() > 0) {
      h.put("port", host.port());
    }
    if (host.user() != null) {
      h.put("user", host.user());
    }
    ArrayNode roles = h.putArray("roles");
    host.roles().forEach(roles::add);
    if (host.rack() != null) {
      h.put("rack", host.rack());
    }
    if (host.zone() != null) {
      h.put("zone", host.zone());
    }
    return h;
  }

  private static ArrayNode steps(List<PlannedStep> steps) {
    ArrayNode array = JSON.arrayNode();
    for (PlannedStep step : steps) {
      ObjectNode s = array.addObject();
      s.put("phase", step.phase().key());
      s.put("kind", step.kind());
      if (step.name() != null) {
        s.put("name", step.name());
      }
      if (step instanceof PlannedStep.Run run) {
        s.put("command", run.command().shown());
        if (run.sudo()) {
          s.put("sudo", true);
        }
        if (run.timeout() != null) {
          s.put("timeout", Durations.format(run.timeout()));
        }
      } else if (step instanceof PlannedStep.Local local) {
        s.put("command", local.command().shown());
        if (local.timeout() != null) {
          s.put("timeout", Durations.format(local.timeout()));
        }
      } else if (step instanceof PlannedStep.Wait wait) {
        s.put("duration", Durations.format(wait.duration()));
      } else if (step instanceof PlannedStep.Gate gate) {
        s.set("gate", gate(gate.gate()));
      }
    }
    return array;
  }

  private static ObjectNode gate(PlannedGate gate) {
    ObjectNode g = JSON.objectNode();
    g.put("interval", Durations.format(gate.interval()));
    g.put("consecutive", gate.consecutive());
    g.put("timeout", Durations.format(gate.timeout()));
    ArrayNode all = g.putArray("all");
    for (PlannedCondition condition : gate.conditions()) {
      ObjectNode c = all.addObject();
      if (condition instanceof PlannedCondition.CommandCheck cmd) {
        ObjectNode o = c.putObject("command");
        o.put("run", cmd.run().shown());
        o.put("on", cmd.on().key());
        o.put("exit", cmd.exit());
        if (cmd.output() != null) {
          o.put("output", cmd.output().shown());
        }
        if (cmd.sudo()) {
          o.put("sudo", true);
        }
      } else if (condition instanceof PlannedCondition.TcpCheck tcp) {
        ObjectNode o = c.putObject("tcp");
        o.put("host", tcp.host());
        o.put("port", tcp.port());
        o.put("from", tcp.from().key());
      }
    }
    return g;
  }
}
