package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.tests.fleet.SshdFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rolls whose hosts are reached the way the operator's {@code ~/.ssh/config} says, to real OpenSSH
 * hosts on loopback: through a {@code ProxyCommand} (OpenSSH's own {@code ssh -W} through a
 * bastion), and through a jump host that a {@code Match} block names. The inventory names the hosts
 * by ssh_config aliases only; where they really are is in the config.
 *
 * <p>The config is written to this module's home ({@code user.home}, under {@code target/}) for the
 * duration of a test, as an operator's would be.
 */
class RollThroughSshConfigTest {

  @RegisterExtension final SshdFleet fleet = SshdFleet.builder().hosts(4).build();
  private final ServiceRollOverFleet rolls = new ServiceRollOverFleet(fleet);

  private Path sshConfig;
  private String previousConfig;

  @BeforeEach
  void keepTheHomesConfig() throws IOException {
    sshConfig = Path.of(System.getProperty("user.home")).resolve(".ssh/config");
    Files.createDirectories(sshConfig.getParent());
    previousConfig = Files.exists(sshConfig) ? Files.readString(sshConfig) : null;
  }

  @AfterEach
  void restoreTheHomesConfig() throws IOException {
    if (previousConfig == null) {
      Files.deleteIfExists(sshConfig);
    } else {
      Files.writeString(sshConfig, previousConfig);
    }
  }

  /** The inventory: hosts h2..h4 of the fleet under the aliases app-2..app-4 only. */
  private Path playbook() throws IOException {
    StringBuilder inventory = new StringBuilder("hosts:\n");
    for (int i = 2; i <= 4; i++) {
      inventory.append("  app-").append(i).append(": { address: app-").append(i).append(" }\n");
    }
    Path inventoryFile = fleet.dir().resolve("aliases.yml");
    Files.writeString(inventoryFile, inventory);
    return rolls.playbook("roll through ssh_config", inventoryFile, "roll-aliases.yml");
  }

  /** {@code Host app-N} blocks: where each alias really is. */
  private String aliases() {
    StringBuilder s = new StringBuilder();
    for (int i = 2; i <= 4; i++) {
      s.append("Host app-")
          .append(i)
          .append("\n  HostName ")
          .append(fleet.address(i))
          .append("\n  Port ")
          .append(fleet.port(i))
          .append('\n');
    }
    return s.toString();
  }

  @Test
  void rollReachesEveryHostThroughItsProxyCommand() throws IOException {
    Path playbook = playbook();
    Path used = fleet.dir().resolve("proxy-used");
    Files.writeString(
        sshConfig,
        aliases()
            + "Host app-*\n  User "
            + fleet.user()
            + "\n  IdentityFile "
            + fleet.privateKey()
            + "\n  ProxyCommand sh -c 'echo %n >> "
            + used
            + "; exec ssh -F "
            + fleet.sshConfig()
            + " -W %h:%p h1'\n");
    int before = fleet.events().size();
    CommandLineRun run = rolls.roll(playbook, "--commit", "--yes");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertEquals(
        Map.of(
            "h2", List.of("stop", "start"),
            "h3", List.of("stop", "start"),
            "h4", List.of("stop", "start")),
        rolls.serviceEventsSince(before));
    // one connection per host, each through the command: never a direct one
    assertEquals(
        List.of("app-2", "app-3", "app-4"), Files.readAllLines(used).stream().sorted().toList());
    assertTrue(run.out().contains("roll done: 3 of 3 node(s) done"), run.out());
  }

  @Test
  void rollReachesEveryHostThroughTheJumpHostAMatchBlockNames() throws IOException {
    Path playbook = playbook();
    Files.writeString(
        sshConfig,
        aliases()
            + "Host jump\n  HostName "
            + fleet.address(1)
            + "\n  Port "
            + fleet.port(1)
            + "\nMatch originalhost app-*,jump\n  User "
            + fleet.user()
            + "\n  IdentityFile "
            + fleet.privateKey()
            + "\nMatch originalhost app-*\n  ProxyJump jump\n");
    int before = fleet.events().size();
    CommandLineRun run = rolls.roll(playbook, "--commit", "--yes");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertEquals(3, rolls.serviceEventsSince(before).size(), fleet.events().toString());
    assertTrue(run.out().contains("roll done: 3 of 3 node(s) done"), run.out());

    // The jump host is on the way: without it, no host can be reached, and the message says so.
    fleet.stopSshd(1);
    try {
      CommandLineRun dry = rolls.roll(playbook);
      assertEquals(3, dry.exitCode(), dry.out() + dry.err());
      assertTrue(
          dry.out()
              .contains(
                  "app-2 ("
                      + fleet.address(1)
                      + ":"
                      + fleet.port(1)
                      + ", jump host jump): cannot connect: connection refused"),
          dry.out() + dry.err());
    } finally {
      fleet.startSshd(1);
    }
  }

  @Test
  void proxyCommandFromTheInventoryWinsOverTheConfig() throws IOException {
    Path playbook = playbook();
    Path used = fleet.dir().resolve("inventory-proxy-used");
    // The config alone would connect directly; the inventory's option sends it through h1.
    Files.writeString(
        sshConfig,
        aliases()
            + "Host app-*\n  User "
            + fleet.user()
            + "\n  IdentityFile "
            + fleet.privateKey()
            + "\n");
    Path inventory = fleet.dir().resolve("aliases.yml");
    String option =
        "ProxyCommand=sh -c 'echo %h >> "
            + used
            + "; exec ssh -F "
            + fleet.sshConfig()
            + " -W %h:%p h1'";
    Files.writeString(
        inventory,
        Files.readString(inventory)
            + "defaults:\n  vars:\n    ssh.options: [\""
            + option.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\"]\n");
    CommandLineRun run = rolls.roll(playbook);
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertEquals(
        List.of(fleet.address(2), fleet.address(3), fleet.address(4)),
        Files.readAllLines(used).stream().sorted().toList());
  }

  @Test
  void twoAliasesOfOneHostAreRefusedBeforeAnythingIsTouched() throws IOException {
    Path playbook = playbook();
    Files.writeString(
        sshConfig,
        aliases()
            + "Host app-3-too\n  HostName "
            + fleet.address(3)
            + "\n  Port "
            + fleet.port(3)
            + "\nHost app-*\n  User "
            + fleet.user()
            + "\n  IdentityFile "
            + fleet.privateKey()
            + "\n");
    Path inventory = fleet.dir().resolve("aliases.yml");
    Files.writeString(
        inventory, Files.readString(inventory) + "  app-3-too: { address: app-3-too }\n");
    int before = fleet.events().size();
    CommandLineRun run = rolls.roll(playbook, "--commit", "--yes");
    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.err()
            .contains(
                "duplicate host: \"app-3-too\" connects to "
                    + fleet.address(3)
                    + ":"
                    + fleet.port(3)
                    + " (as ssh_config resolves it) like \"app-3\""),
        run.err());
    assertEquals(before, fleet.events().size(), "nothing was touched");
  }
}
