package dev.rollrun.core.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rollrun.api.Host;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.inventory.InventoryReader;
import dev.rollrun.core.problem.ConfigProblem;
import dev.rollrun.core.ssh.SshTarget;
import dev.rollrun.core.ssh.SshTargetResolver;
import dev.rollrun.core.validate.InventoryChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an Ansible inventory's {@code ansible_ssh_common_args} say reaches the SSH layer: a host
 * whose Ansible connects through a proxy is reached through it by rollrun too, never directly.
 */
class AnsibleSshArgsReachTheSshLayerTest {

  @TempDir Path dir;

  private Inventory inventory(String... lines) throws IOException {
    Path hosts = dir.resolve("hosts");
    Files.writeString(hosts, String.join("\n", lines) + "\n");
    return new InventoryReader().read(hosts, "hosts");
  }

  private SshTargetResolver resolver(String config) throws IOException {
    Path sshConfig = dir.resolve("ssh_config");
    Files.writeString(sshConfig, config);
    return new SshTargetResolver(sshConfig, dir);
  }

  private SshTarget resolve(String config, String... inventoryLines) throws IOException {
    Host host = inventory(inventoryLines).hosts().get(0);
    return resolver(config).resolve(host);
  }

  private List<String> refusals(String config, String... inventoryLines) throws IOException {
    Inventory inventory = inventory(inventoryLines);
    return new InventoryChecks(dir, new SshHostRoutes(resolver(config)))
        .check(inventory).stream().map(ConfigProblem::toString).toList();
  }

  @Test
  void proxyCommandOfAnsibleSshCommonArgsIsWhereTheHostIsReachedThrough() throws IOException {
    SshTarget target =
        resolve(
            "",
            "[behind]",
            "db1 ansible_host=10.0.0.5"
                + " ansible_ssh_common_args='-o ProxyCommand=\"ssh -W %h:%p -q bastion\"'");

    assertEquals("exec ssh -W 10.0.0.5:22 -q bastion", target.proxyCommand());
    assertEquals("10.0.0.5", target.hostname());
  }

  @Test
  void jumpHostOfAnsibleSshCommonArgsIsCrossedFirst() throws IOException {
    SshTarget target =
        resolve(
            "Host bastion\n  HostName 192.0.2.1\n  User ops\n",
            "db1 ansible_host=10.0.0.5 ansible_ssh_common_args='-J bastion'");

    assertEquals(1, target.proxyJumps().size());
    SshTarget.Jump jump = target.proxyJumps().get(0);
    assertEquals("ops@192.0.2.1:22", jump.user() + "@" + jump.endpoint());
    assertNull(target.proxyCommand());
  }

  @Test
  void ansiblesOwnPortAndUserComeBeforeTheCommonArgsAsOnItsSshCommandLine() throws IOException {
    SshTarget target =
        resolve(
            "",
            "db1 ansible_port=2200 ansible_user=deploy"
                + " ansible_ssh_common_args='-p 2201 -l other -o HostKeyAlias=db'");

    assertEquals(List.of(2200, "deploy"), List.of(target.port(), target.user()));
    assertEquals("db", target.policy().hostKeyAlias());
  }

  @Test
  void optionRollrunCannotHonourIsRefusedAtTheVariableBeforeAnythingIsTouched() throws IOException {
    assertEquals(
        List.of(
            "hosts:5:25: hosts \"db1\", \"db2\": ansible_ssh_common_args: PubkeyAuthentication"
                + " no: rollrun authenticates with public keys only"),
        refusals(
            "",
            "[db]",
            "db1",
            "db2",
            "[db:vars]",
            "ansible_ssh_common_args='-o ProxyJump=b -o PubkeyAuthentication=no'",
            "[web]",
            "web1"));
  }

  @Test
  void optionSshDoesNotKnowIsRefusedNamingTheVariableAndTheOption() throws IOException {
    assertEquals(
        List.of(
            "hosts:1:28: host \"db1\": ansible_ssh_extra_args: \"Foo=bar\": bad configuration"
                + " option foo"),
        refusals("", "db1 ansible_ssh_extra_args='-o Foo=bar'"));
  }

  @Test
  void optionsTheSshLayerDoesNotApplyAreWarnedAboutOnceWhereTheyAreWritten() throws IOException {
    Inventory inventory =
        inventory(
            "[web]",
            "w1",
            "w2",
            "[web:vars]",
            "ansible_ssh_common_args='-o ControlMaster=auto -o StrictHostKeyChecking=no"
                + " -o ForwardAgent=yes -o HostKeyAlias=web'");

    List<String> warnings =
        new InventoryChecks(dir, new SshHostRoutes(resolver("")))
            .notApplied(inventory, inventory.hosts()).stream()
                .map(ConfigProblem::toString)
                .toList();
    assertEquals(
        List.of(
            "hosts:5:25: hosts \"w1\", \"w2\": ansible_ssh_common_args: StrictHostKeyChecking no"
                + " (rollrun always checks host keys) is not applied",
            "hosts:5:25: hosts \"w1\", \"w2\": ansible_ssh_common_args: ControlMaster auto"
                + " (rollrun uses its own shared sessions) is not applied",
            "hosts:5:25: hosts \"w1\", \"w2\": ansible_ssh_common_args: ForwardAgent yes (rollrun"
                + " never forwards ports, agents or X11) is not applied"),
        warnings);
  }

  @Test
  void optionsOfARollrunInventoryAreRefusedWhereSshOptionsIsWritten() throws IOException {
    Path inventory = dir.resolve("inventory.yml");
    Files.writeString(
        inventory,
        """
        defaults:
          vars:
            ssh.options: ["CertificateFile ~/.ssh/id_cert"]
        hosts:
          db1: {}
        """);
    List<String> problems =
        new InventoryChecks(dir, new SshHostRoutes(resolver("")))
            .check(new InventoryReader().read(inventory, "inventory.yml")).stream()
                .map(ConfigProblem::toString)
                .toList();
    assertEquals(
        List.of(
            "inventory.yml:3:18: host \"db1\": ssh.options: CertificateFile ~/.ssh/id_cert:"
                + " rollrun does not offer certificates"),
        problems);
  }
}
