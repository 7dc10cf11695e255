package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.tests.fleet.SshdFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rolls over an Ansible inventory whose hosts Ansible reaches through a proxy or a jump host given
 * in {@code ansible_ssh_common_args}, to real OpenSSH hosts on loopback: rollrun goes the same way,
 * never directly; and an option rollrun cannot honour is refused before anything is touched, naming
 * the inventory's file:line:column.
 *
 * <p>Host h1 of the fleet is the bastion; h2..h4 are rolled. The home's {@code ~/.ssh/config}
 * (under {@code target/}) holds only what an operator's would: the bastion's alias.
 */
class RollThroughAnsibleSshArgsTest {

  @RegisterExtension final SshdFleet fleet = SshdFleet.builder().hosts(4).build();
  private final ServiceRollOverFleet rolls = new ServiceRollOverFleet(fleet);

  private Path sshConfig;
  private String previousConfig;

  @BeforeEach
  void keepTheHomesConfig() throws IOException {
    sshConfig = Path.of(System.getProperty("user.home")).resolve(".ssh/config");
    Files.createDirectories(sshConfig.getParent());
    previousConfig = Files.exists(sshConfig) ? Files.readString(sshConfig) : null;
    Files.writeString(
        sshConfig,
        "Host bastion\n  HostName "
            + fleet.address(1)
            + "\n  Port "
            + fleet.port(1)
            + "\n  User "
            + fleet.user()
            + "\n  IdentityFile "
            + fleet.privateKey()
            + "\n");
  }

  @AfterEach
  void restoreTheHomesConfig() throws IOException {
    if (previousConfig == null) {
      Files.deleteIfExists(sshConfig);
    } else {
      Files.writeString(sshConfig, previousConfig);
    }
  }

  /** An Ansible INI inventory of h2..h4 whose group vars end with {@code groupVars}. */
  private Path inventory(String groupVars) throws IOException {
    StringBuilder ini = new StringBuilder("[app]\n");
    for (int i = 2; i <= 4; i++) {
      ini.append("app-")
          .append(i)
          .append(" ansible_host=")
          .append(fleet.address(i))
          .append(" ansible_port=")
          .append(fleet.port(i))
          .append('\n');
    }
    ini.append("\n[app:vars]\nansible_user=")
        .append(fleet.user())
        .append("\nansible_ssh_private_key_file=")
        .append(fleet.privateKey())
        .append('\n')
        .append(groupVars)
        .append('\n');
    Path file = fleet.dir().resolve("hosts");
    Files.writeString(file, ini);
    return file;
  }

  private Path playbook(Path inventory) throws IOException {
    return rolls.playbook("roll through ansible_ssh_common_args", inventory, "roll-ansible.yml");
  }

  @Test
  void proxyCommandOfAnsibleSshCommonArgsIsHowEveryHostIsReached() throws IOException {
    Path used = fleet.dir().resolve("proxy-used");
    Path proxy = fleet.dir().resolve("proxy.sh");
    Files.writeString(
        proxy,
        "#!/bin/sh\necho \"$1\" >> "
            + used
            + "\nexec ssh -F "
            + fleet.sshConfig()
            + " -W \"$1:$2\" h1\n");
    Files.setPosixFilePermissions(proxy, PosixFilePermissions.fromString("rwx------"));
    Path playbook =
        playbook(inventory("ansible_ssh_common_args='-o ProxyCommand=\"" + proxy + " %h %p\"'"));
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
        List.of(fleet.address(2), fleet.address(3), fleet.address(4)),
        Files.readAllLines(used).stream().sorted().toList());
  }

  @Test
  void jumpHostOfAnsibleSshCommonArgsIsCrossedToReachEveryHost() throws IOException {
    Path playbook = playbook(inventory("ansible_ssh_common_args='-J bastion'"));
    int before = fleet.events().size();

    CommandLineRun run = rolls.roll(playbook, "--commit", "--yes");

    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertEquals(3, rolls.serviceEventsSince(before).size(), fleet.events().toString());

    // The bastion is on the way: without it no host can be reached, and the message says so.
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
                      + ", jump host bastion): cannot connect: connection refused"),
          dry.out() + dry.err());
    } finally {
      fleet.startSshd(1);
    }
  }

  @Test
  void optionRollrunCannotHonourIsRefusedAtItsFileLineColumnBeforeAnythingIsTouched()
      throws IOException {
    Path inventory = inventory("ansible_ssh_common_args='-J bastion -o PubkeyAuthentication=no'");
    Path playbook = playbook(inventory);
    int before = fleet.events().size();

    CommandLineRun run = rolls.roll(playbook, "--commit", "--yes");

    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertTrue(
        run.err()
            .contains(
                inventory
                    + ":9:25: hosts \"app-2\", \"app-3\", \"app-4\": ansible_ssh_common_args:"
                    + " PubkeyAuthentication no: rollrun authenticates with public keys only"),
        run.err());
    assertEquals(before, fleet.events().size(), "nothing was touched");

    CommandLineRun validate = CommandLineRun.of("validate", playbook.toString());
    assertEquals(2, validate.exitCode(), validate.out() + validate.err());
    assertTrue(validate.err().contains(inventory + ":9:25: hosts"), validate.err());
  }
}
