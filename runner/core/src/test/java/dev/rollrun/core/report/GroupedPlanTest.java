package dev.rollrun.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import dev.rollrun.api.NodeWrapper;
import dev.rollrun.api.Phase;
import dev.rollrun.api.StopCheck;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.Verdict;
import dev.rollrun.core.config.CompiledScript;
import dev.rollrun.core.config.Where;
import dev.rollrun.core.plan.Batch;
import dev.rollrun.core.plan.Command;
import dev.rollrun.core.plan.NodePlan;
import dev.rollrun.core.plan.PlanJson;
import dev.rollrun.core.plan.PlannedCondition;
import dev.rollrun.core.plan.PlannedGate;
import dev.rollrun.core.plan.PlannedStep;
import dev.rollrun.core.plan.RolloutPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The text and Markdown plans group nodes whose steps are the same apart from their name and
 * address, list per-node differences only where they exist, and keep their length whatever the
 * number of nodes; the JSON plan keeps every node.
 */
class GroupedPlanTest {

  @Test
  void twoHundredNodesWithTheSameStepsAreOneBlockThatFitsOnAScreen() {
    RolloutPlan plan = plan(200, 20, (host, i) -> standardSteps(host));
    String markdown = PlanFormat.MARKDOWN.render(plan);
    assertTrue(markdown.contains("#### h1 … h200 (200 nodes; batches 1-10, 20 each)"), markdown);
    assertTrue(markdown.contains("| order | batches 1-10 (20 each): h1 … h200 |"), markdown);
    assertTrue(markdown.contains("| stop | run | `sudo systemctl stop app` |"), markdown);
    assertTrue(markdown.contains("`tcp <host.address>:8080 from local`"), markdown);
    assertFalse(markdown.contains("h17"), "no node is listed on its own: " + markdown);
    assertTrue(markdown.lines().count() < 40, markdown.lines().count() + " lines:\n" + markdown);
    assertEquals(
        PlanFormat.MARKDOWN.render(plan(10, 20, (host, i) -> standardSteps(host))).lines().count(),
        markdown.lines().count(),
        "10 nodes or 200, the same lines");
    String json = PlanJson.toJson(plan, false);
    assertEquals(200, json.split("\"host\":\\{\"name\"", -1).length - 1, "JSON keeps every node");
  }

  @Test
  void aNodeThatDiffersIsNamedOnlyWhereItDiffers() {
    RolloutPlan plan =
        plan(
            200,
            20,
            (host, i) -> {
              List<PlannedStep> steps = new ArrayList<>(standardSteps(host));
              if (host.name().equals("h7")) {
                steps.set(2, run("start", Phase.START, "systemctl start app --canary", true));
              }
              return steps;
            });
    String text = PlanFormat.TEXT.render(plan);
    assertTrue(text.contains("  stop        run    sudo systemctl stop app\n"), text);
    assertTrue(
        text.contains("  start       run    sudo systemctl start app  (on h1 … h6, h8 … h200)\n"),
        text);
    assertTrue(text.contains("sudo systemctl start app --canary  (on h7)\n"), text);
    String markdown = PlanFormat.MARKDOWN.render(plan);
    assertTrue(
        markdown.contains(
            "| start | run | `sudo systemctl start app` (on h1 … h6, h8 … h200)<br>"
                + "`sudo systemctl start app --canary` (on h7) |"),
        markdown);
  }

  @Test
  void aLineThatDiffersOnEveryNodeIsListedPerNodeFolded() {
    RolloutPlan plan =
        plan(
            50,
            10,
            (host, i) -> {
              List<PlannedStep> steps = new ArrayList<>(standardSteps(host));
              steps.add(0, run("pre-stop[0]", Phase.PRE_STOP, "register --id " + (i * 7), false));
              return steps;
            });
    String markdown = PlanFormat.MARKDOWN.render(plan);
    assertTrue(
        markdown.contains("| pre-stop | run | _differs on every node: per node below_ |"),
        markdown);
    assertTrue(markdown.contains("<details><summary>per node: 1 line differs</summary>"), markdown);
    assertTrue(markdown.contains("| h1 | pre-stop | `register --id 0` |"), markdown);
    assertTrue(markdown.contains("| h50 | pre-stop | `register --id 343` |"), markdown);
    String text = PlanFormat.TEXT.render(plan);
    assertTrue(text.contains("  pre-stop    run    differs on every node: per node below\n"), text);
    assertTrue(text.contains("    h50         pre-stop    register --id 343\n"), text);
  }

  @Test
  void nodesWithOtherStepsFormAGroupOfTheirOwnInRollOrder() {
    RolloutPlan plan =
        plan(
            6,
            2,
            (host, i) -> {
              List<PlannedStep> steps = new ArrayList<>(standardSteps(host));
              if (i >= 4) {
                steps.add(
                    new PlannedStep.Wait(
                        "post-start[0]", Phase.POST_START, null, Duration.ofSeconds(5), null));
              }
              return steps;
            });
    String text = PlanFormat.TEXT.render(plan);
    int first = text.indexOf("\nh1 … h4 (4 nodes; batches 1-2, 2 each)\n");
    int second = text.indexOf("\nh5, h6 (2 nodes; batch 3)\n");
    assertTrue(first > 0 && second > first, text);
    assertTrue(text.substring(second).contains("post-start  wait   5s"), text);
    assertFalse(text.substring(first, second).contains("wait"), text);
  }

  @Test
  void checksAndOwnedSettingsOfTheBehaviourAreInTheHeaderAndInTheirPlace() {
    StopCheck inSync = StopCheck.of("replicas in sync", (ctx, s) -> Verdict.safe("ok"));
    NodeWrapper allocation = NodeWrapper.of("allocation", (ctx, s) -> {}, (ctx, s) -> {});
    TaskArgs settings = new TaskArgs(Map.of());
    RolloutPlan plan =
        plan(
            3,
            1,
            (host, i) ->
                List.of(
                    new PlannedStep.SafeToStop(
                        "safe-to-stop[0]", Phase.PRE_STOP, inSync.name(), "es", inSync, settings),
                    new PlannedStep.Wrapper(
                        "before-stop[0]",
                        Phase.PRE_STOP,
                        allocation.name(),
                        "es",
                        allocation,
                        true,
                        settings),
                    run("stop", Phase.STOP, "systemctl stop es", true),
                    run("start", Phase.START, "systemctl start es", true),
                    new PlannedStep.Wrapper(
                        "after-start[0]",
                        Phase.POST_START,
                        allocation.name(),
                        "es",
                        allocation,
                        false,
                        settings)));
    String text = PlanFormat.TEXT.render(plan);
    assertTrue(
        text.contains("checks     replicas in sync (cluster es), asked right before each stop\n"),
        text);
    assertTrue(
        text.contains(
            "owned      allocation (cluster es): set before the stop, put back after the start"
                + " and if the node fails\n"),
        text);
    assertTrue(
        text.contains("  pre-stop    safe-to-stop [replicas in sync] safe to stop? (cluster es)\n"),
        text);
    assertTrue(
        text.contains("  post-start  wrapper [allocation] after start (cluster es)\n"), text);
    String markdown = PlanFormat.MARKDOWN.render(plan);
    assertTrue(
        markdown.contains(
            "| checks | replicas in sync (cluster es), asked right before each stop |"),
        markdown);
  }

  @Test
  void everyKindOfStepHasItsLineAndAnUnknownOneWouldFailLoudly() {
    Host host = host(1);
    List<PlannedStep> steps = everyKind(host);
    assertEquals(
        Arrays.stream(PlannedStep.class.getPermittedSubclasses()).collect(Collectors.toSet()),
        steps.stream().map(Object::getClass).collect(Collectors.toSet()),
        "one step of every kind (a new kind needs its line in PlanLines, and here)");
    List<PlanLine> lines = new PlanLines().of(steps);
    Set<String> keys = lines.stream().map(PlanLine::key).collect(Collectors.toSet());
    for (PlannedStep step : steps) {
      assertTrue(keys.contains(step.id()), step.id() + " has a line: " + lines);
    }
    String text = PlanFormat.TEXT.render(plan(1, 1, (h, i) -> everyKind(h)));
    assertTrue(text.contains("[notify] notify {channel: ops} (timeout 30s)"), text);
    assertTrue(text.contains("js     tasks/check.js {version: 1.0}"), text);
    assertTrue(text.contains("instance systemctl show -p InvocationID --value app\n"), text);
    assertTrue(
        text.contains(
            "set    [throttle] sudo tc qdisc add dev eth0 root netem delay 1ms (timeout 20s)"),
        text);
  }

  @Test
  void rangesCollapseOnlyNumbersThatCountUp() {
    assertEquals(List.of("h1 … h200"), HostRanges.items(names("h", 1, 200)));
    assertEquals(
        List.of("web-01 … web-12"),
        HostRanges.items(
            List.of(
                "web-01", "web-02", "web-03", "web-04", "web-05", "web-06", "web-07", "web-08",
                "web-09", "web-10", "web-11", "web-12")));
    assertEquals(
        List.of("web-1", "web-3", "web-4", "api-1"),
        HostRanges.items(List.of("web-1", "web-3", "web-4", "api-1")));
    assertEquals(
        List.of("10.0.0.254", "10.0.0.255", "10.0.1.0"),
        HostRanges.items(List.of("10.0.0.254", "10.0.0.255", "10.0.1.0")));
    assertEquals(
        "h1 … h3, x and 3 more",
        HostRanges.write(List.of("h1", "h2", "h3", "x", "y", "z", "w"), 3));
    assertEquals("1-3, 5, 7-8", HostRanges.numbers(List.of(1, 2, 3, 5, 7, 8)));
  }

  @Test
  void aNodesNameAndAddressBecomePlaceholdersOnlyWhenThatIsExact() {
    Host web1 = new Host("web-1", "10.0.0.1", 22, "u", null, List.of(), null, null, Map.of());
    assertEquals(
        "curl http://<host.address>:80/<host.name>/x",
        HostFields.abstracted(web1, "curl http://10.0.0.1:80/web-1/x"));
    assertEquals("ping web-10 10.0.0.10", HostFields.abstracted(web1, "ping web-10 10.0.0.10"));
    assertEquals(
        "echo <host.name> already", HostFields.abstracted(web1, "echo <host.name> already"));
  }

  // ---- fixtures ---------------------------------------------------------------------------

  private static List<String> names(String prefix, int from, int to) {
    List<String> names = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      names.add(prefix + i);
    }
    return names;
  }

  static Host host(int i) {
    return new Host(
        "h" + i,
        "10.1." + (i / 250) + "." + (i % 250),
        22,
        "deploy",
        null,
        List.of("app"),
        "r" + (i % 2 + 1),
        null,
        Map.of());
  }

  private static List<PlannedStep> standardSteps(Host host) {
    return List.of(
        new PlannedStep.Run(
            "pre-stop[0]",
            Phase.PRE_STOP,
            "drain",
            Command.plain("touch /var/run/app/drain"),
            false,
            Duration.ofSeconds(30),
            null),
        run("stop", Phase.STOP, "systemctl stop app", true),
        run("start", Phase.START, "systemctl start app", true));
  }

  private static PlannedStep.Run run(String id, Phase phase, String command, boolean sudo) {
    return new PlannedStep.Run(id, phase, null, Command.plain(command), sudo, null, null);
  }

  private static PlannedGate health(Host host) {
    return new PlannedGate(
        Duration.ofSeconds(5),
        3,
        Duration.ofMinutes(5),
        List.of(new PlannedCondition.TcpCheck(host.address(), 8080, Where.LOCAL)));
  }

  /** {@code n} nodes in batches of {@code size}, each with the steps {@code steps} gives it. */
  static RolloutPlan plan(int n, int size, BiFunction<Host, Integer, List<PlannedStep>> steps) {
    List<Batch> batches = new ArrayList<>();
    List<NodePlan> nodes = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      Host host = host(i);
      nodes.add(new NodePlan(host, steps.apply(host, i - 1), health(host)));
      if (nodes.size() == size || i == n) {
        batches.add(new Batch(batches.size() + 1, nodes));
        nodes = new ArrayList<>();
      }
    }
    return new RolloutPlan(
        "app restart",
        "app.yml",
        "service",
        "hosts.yml",
        "all hosts",
        Integer.toString(size),
        Duration.ZERO,
        List.of(),
        batches,
        List.of(),
        List.of(),
        List.of(),
        "0123456789ab");
  }

  private static List<PlannedStep> everyKind(Host host) {
    TaskArgs none = new TaskArgs(Map.of());
    StopCheck check = StopCheck.of("in sync", (ctx, s) -> Verdict.safe("ok"));
    NodeWrapper wrapper = NodeWrapper.of("flag", (ctx, s) -> {}, (ctx, s) -> {});
    Map<String, Object> args = new LinkedHashMap<>(Map.of("channel", "ops"));
    CompiledScript script =
        new CompiledScript() {
          @Override
          public String displayName() {
            return "tasks/check.js";
          }

          @Override
          public void run(dev.rollrun.api.TaskContext c, TaskArgs a, Duration limit) {}
        };
    dev.rollrun.api.Task notify =
        new dev.rollrun.api.Task() {
          @Override
          public String id() {
            return "notify";
          }

          @Override
          public void run(dev.rollrun.api.TaskContext c, TaskArgs a) {}
        };
    return List.of(
        new PlannedStep.SafeToStop("safe-to-stop[0]", Phase.PRE_STOP, "in sync", "b", check, none),
        new PlannedStep.Wrapper("before-stop[0]", Phase.PRE_STOP, "flag", "b", wrapper, true, none),
        new PlannedStep.Local(
            "pre-stop[0]", Phase.PRE_STOP, null, Command.plain("echo " + host.name()), null, null),
        new PlannedStep.Wait("pre-stop[1]", Phase.PRE_STOP, null, Duration.ofSeconds(2), null),
        new PlannedStep.Owned(
            "pre-stop[2]",
            Phase.PRE_STOP,
            "throttle",
            Command.plain("tc qdisc add dev eth0 root netem delay 1ms"),
            false,
            "restore:pre-stop[2]",
            true,
            Duration.ofSeconds(20),
            null),
        new PlannedStep.Instance(
            PlannedStep.Instance.ID,
            Phase.STOP,
            Command.plain("systemctl show -p InvocationID --value app"),
            null),
        run("stop", Phase.STOP, "systemctl stop app", true),
        new PlannedStep.Gate("pre-start[0]", Phase.PRE_START, null, health(host), null),
        run("start", Phase.START, "systemctl start app", true),
        new PlannedStep.Task(
            "post-start[0]",
            Phase.POST_START,
            "notify",
            "notify",
            args,
            args,
            Duration.ofSeconds(30),
            null,
            notify),
        new PlannedStep.Js(
            "post-start[1]",
            Phase.POST_START,
            null,
            "tasks/check.js",
            Map.of("version", "1.0"),
            Map.of("version", "1.0"),
            null,
            null,
            script),
        new PlannedStep.Wrapper(
            "after-start[0]", Phase.POST_START, "flag", "b", wrapper, false, none));
  }
}
