package dev.rollrun.core.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rollrun.api.Host;
import dev.rollrun.core.problem.InvalidConfigException;
import dev.rollrun.core.problem.SourcePosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inventories as Ansible reads them: directories, group_vars, host_vars, precedence, refusals. */
class InventoryReaderTest {

  @TempDir Path dir;

  private Path write(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private Inventory read(Path path) {
    return new InventoryReader()
        .read(
            path,
            dir.relativize(path).toString().isEmpty() ? "inv" : dir.relativize(path).toString());
  }

  private static Host host(Inventory inventory, String name) {
    return inventory.host(name).orElseThrow();
  }

  private String refusal(Path path) {
    return assertThrows(InvalidConfigException.class, () -> read(path)).getMessage();
  }

  @Test
  void groupVarsAndHostVarsBesideTheInventoryAreReadWithAnsiblesPrecedence() throws IOException {
    Path hosts =
        write(
            "hosts",
            "[web]",
            "web1 from_host_line=line",
            "web2",
            "[web:vars]",
            "level=inventory-group",
            "[all:vars]",
            "level=inventory-all",
            "only_all=1");
    write("group_vars/all.yml", "level: group_vars-all", "from_all_file: yes");
    write("group_vars/web/10-first.yml", "level: group_vars-web", "port_file: 0755");
    write("group_vars/web/20-second.yaml", "second: true");
    write("host_vars/web1", "level: host_vars-web1", "from_host_line: host_vars");

    Inventory inventory = read(hosts);

    // inventory all < inventory groups < group_vars/all < group_vars/<group> < host < host_vars
    assertEquals("host_vars-web1", host(inventory, "web1").vars().get("level"));
    assertEquals("group_vars-web", host(inventory, "web2").vars().get("level"));
    assertEquals("host_vars", host(inventory, "web1").vars().get("from_host_line"));
    assertEquals(true, host(inventory, "web2").vars().get("from_all_file"));
    assertEquals(493, host(inventory, "web2").vars().get("port_file"));
    assertEquals(true, host(inventory, "web2").vars().get("second"));
    assertEquals(1, host(inventory, "web2").vars().get("only_all"));
    assertEquals(
        new SourcePosition("group_vars/web/10-first.yml", 1, 8),
        inventory.positionOf("web2", Inventory.variableSetting("level")));
  }

  @Test
  void inventoryGroupVarsLoseToGroupVarsFilesEvenOfAShallowerGroup() throws IOException {
    Path hosts = write("hosts", "[db]", "db1", "[db:vars]", "x=group-in-inventory");
    write("group_vars/all.yml", "x: all-file");

    assertEquals("all-file", host(read(hosts), "db1").vars().get("x"));
  }

  @Test
  void directoryInventoryReadsEveryFileInNameOrderAndSkipsWhatAnsibleSkips() throws IOException {
    Path inv = dir.resolve("inv");
    write("inv/01-web", "[web]", "web1", "web2");
    write("inv/02-db.yml", "db:", "  hosts:", "    db1:", "  children:", "    web:");
    write("inv/notes.txt", "not an inventory");
    write("inv/old.ini", "[old]", "old1");
    write("inv/sub/03-cache", "cache1");
    write("inv/group_vars/db.yml", "role: database");

    Inventory inventory = read(inv);

    assertEquals(
        List.of("web1", "web2", "db1", "cache1"),
        inventory.hosts().stream().map(Host::name).toList());
    assertEquals(List.of("web", "db"), host(inventory, "web1").roles());
    assertEquals("database", host(inventory, "web2").vars().get("role"));
  }

  @Test
  void fileWithoutExtensionIsReadAsYamlWhenItIsAYamlMapping() throws IOException {
    Path hosts = write("hosts", "all:", "  hosts:", "    h1:", "      ansible_port: 2222");

    assertEquals(2222, host(read(hosts), "h1").port());
  }

  @Test
  void nullGroupsAreAnAnsibleInventoryNotRollrunsFormat() throws IOException {
    Path hosts = write("hosts.yml", "web:", "  hosts:", "    web1:", "db:");

    assertEquals(List.of("web"), host(read(hosts), "web1").roles());
  }

  @Test
  void vaultValueIsRefusedWhereItIsWritten() throws IOException {
    Path hosts =
        write(
            "hosts.yml",
            "all:",
            "  hosts:",
            "    h1:",
            "      db_password: !vault |",
            "        $ANSIBLE_VAULT;1.1;AES256",
            "        6162636465");

    assertEquals(
        "hosts.yml:4:7: vault-encrypted values are not supported: pass it as a secret with -e"
            + " @file",
        refusal(hosts));
  }

  @Test
  void vaultValueInAGroupVarsFileIsRefusedToo() throws IOException {
    Path hosts = write("hosts", "h1");
    write("group_vars/all.yml", "token: !vault |", "  $ANSIBLE_VAULT;1.1;AES256", "  61");

    assertTrue(refusal(hosts).startsWith("group_vars/all.yml:1:1: vault-encrypted"));
  }

  @Test
  void pluginConfigurationIsRefusedNotReadAsAnInventory() throws IOException {
    Path hosts = write("aws_ec2.yml", "plugin: amazon.aws.aws_ec2", "regions: [eu-west-1]");

    assertTrue(
        refusal(hosts)
            .startsWith(
                "aws_ec2.yml:1:1: \"plugin: amazon.aws.aws_ec2\" configures an Ansible inventory"
                    + " plugin"));
  }

  @Test
  void emptyInventoryIsRefusedAsSuch() throws IOException {
    Path hosts = write("hosts", "# nothing yet", "[web]");

    assertEquals(
        "hosts:1:1: the inventory names no host (Ansible would read it as an empty inventory, and"
            + " there is nothing to roll)",
        refusal(hosts));
  }

  @Test
  void inventoryScriptIsRefused() throws IOException {
    Path hosts = write("ec2.py", "#!/usr/bin/env python3", "print('{}')");

    assertTrue(refusal(hosts).contains("an inventory script"));
  }

  @Test
  void connectionLocalAndPasswordsAreRefusedNamingHostAndVariable() throws IOException {
    Path hosts =
        write(
            "hosts",
            "localhost ansible_connection=local",
            "db1 ansible_ssh_pass=secret ansible_become_user=postgres");

    String message = refusal(hosts);
    assertTrue(
        message.contains(
            "hosts:1:30: host \"localhost\": ansible_connection=local is not supported"),
        message);
    assertTrue(message.contains("hosts:2:22: host \"db1\": ansible_ssh_pass is not supported"));
    assertTrue(message.contains("host \"db1\": ansible_become_user=postgres is not supported"));
  }

  @Test
  void sshArgsBecomeSshOptionsInTheOrderOfAnsiblesCommandLine() throws IOException {
    Path key = write("my key", "not read");
    Path hosts =
        write(
            "hosts",
            "web1 ansible_ssh_extra_args='-oUserKnownHostsFile=/k -i /no/such/key'"
                + " ansible_ssh_common_args='-o ProxyCommand=\"ssh -W %h:%p -q b\" -i \""
                + key
                + "\" -p 2200 -l deploy' ansible_ssh_args='-o HostKeyAlias=w -J j1'");

    Host web1 = host(read(hosts), "web1");
    assertEquals(
        List.of(
            "HostKeyAlias=w",
            "ProxyJump=j1",
            "ProxyCommand=ssh -W %h:%p -q b",
            "IdentityFile=\"" + key + "\"",
            "Port=2200",
            "User=deploy",
            "UserKnownHostsFile=/k"),
        web1.vars().get(Inventory.SSH_OPTIONS));
    assertEquals(
        List.of(
            "ansible_ssh_args",
            "ansible_ssh_args",
            "ansible_ssh_common_args",
            "ansible_ssh_common_args",
            "ansible_ssh_common_args",
            "ansible_ssh_common_args",
            "ansible_ssh_extra_args"),
        web1.vars().get(Inventory.SSH_OPTIONS_FROM));
    assertEquals(
        List.of(
            "hosts:1:29: host \"web1\": ansible_ssh_extra_args: -i /no/such/key: no such file;"
                + " ssh skips it (\"Identity file not accessible\"), and so does rollrun"),
        read(hosts).warnings().stream().map(Object::toString).toList());
  }

  @Test
  void sshFlagsOtherThanOptionsAreRefusedWithTheirArgument() throws IOException {
    Path hosts = write("hosts", "web1 ansible_ssh_common_args='-F ./other_config -A'");

    String message = refusal(hosts);
    assertTrue(
        message.contains(
            "hosts:1:30: host \"web1\": ansible_ssh_common_args: -F ./other_config is not"
                + " supported (rollrun reads -o options, -J, -i, -p and -l there; put other ssh"
                + " settings in ~/.ssh/config, which rollrun reads)"),
        message);
    assertTrue(message.contains("ansible_ssh_common_args: -A is not supported"), message);
  }

  @Test
  void jumpAfterAProxyCommandIsRefusedAsSshRefusesIt() throws IOException {
    Path hosts =
        write(
            "hosts",
            "web1 ansible_ssh_common_args='-o ProxyCommand=\"nc %h %p\"'"
                + " ansible_ssh_extra_args='-J b'");

    assertTrue(
        refusal(hosts)
            .contains(
                "host \"web1\": ansible_ssh_extra_args: -J b: ssh refuses -J after a"
                    + " ProxyCommand, a ProxyJump or another -J on its command line"));
  }

  @Test
  void userInAnsibleSshArgsThatContradictsAnsibleUserIsRefused() throws IOException {
    Path hosts = write("hosts", "web1 ansible_user=deploy ansible_ssh_args='-o User=admin'");

    assertTrue(
        refusal(hosts)
            .contains(
                "host \"web1\": ansible_ssh_args: -o User=admin: Ansible puts ansible_ssh_args"
                    + " before ansible_user (deploy) on ssh's command line, so ssh would use admin;"
                    + " set the user in one place"),
        refusal(hosts));
  }

  @Test
  void harmlessFlagsAreWarnedAboutOnceAndEveryOptionIsHandedOn() throws IOException {
    Path hosts =
        write(
            "hosts",
            "[web]",
            "w1",
            "w2",
            "[web:vars]",
            "ansible_ssh_common_args='-Cq -o ControlMaster=auto -o StrictHostKeyChecking=no'");

    Inventory inventory = read(hosts);
    assertEquals(
        List.of(
            "hosts:5:25: hosts \"w1\", \"w2\": ansible_ssh_common_args: -C is not applied",
            "hosts:5:25: hosts \"w1\", \"w2\": ansible_ssh_common_args: -q is not applied"),
        inventory.warnings().stream().map(Object::toString).toList());
    assertEquals(
        List.of("ControlMaster=auto", "StrictHostKeyChecking=no"),
        host(inventory, "w1").vars().get(Inventory.SSH_OPTIONS));
  }

  @Test
  void preferredAuthenticationsAfterAnsiblesOwnIsLeftOutAsSshNeverReadsIt() throws IOException {
    Path hosts =
        write("hosts", "web1 ansible_ssh_common_args='-o PreferredAuthentications=password'");

    Inventory inventory = read(hosts);
    assertEquals(null, host(inventory, "web1").vars().get(Inventory.SSH_OPTIONS));
    assertTrue(
        inventory.warnings().get(0).toString().contains("is not applied: Ansible's ssh command"));
  }

  @Test
  void becomeIsAWarningNamingTheHostsOnceForTheirGroup() throws IOException {
    Path hosts =
        write("hosts", "[web]", "w1", "w2", "w3", "w4", "[web:vars]", "ansible_become=yes");

    Inventory inventory = read(hosts);
    assertEquals(1, inventory.warnings().size());
    assertEquals(
        "hosts:7:16: hosts \"w1\", \"w2\", \"w3\" and 1 more: ansible_become is not applied:"
            + " rollrun runs a step through sudo only when the step says sudo: true",
        inventory.warnings().get(0).toString());
  }

  @Test
  void variablesShowTheConnectionVariablesAsAnsibleDoes() throws IOException {
    Path hosts = write("hosts", "h1 ansible_host=10.0.0.1 x=[1,2]");

    Inventory inventory = read(hosts);
    assertEquals(
        Map.of("ansible_host", "10.0.0.1", "x", List.of(1, 2)), inventory.variablesOf("h1"));
    assertEquals(
        new SourcePosition("hosts", 1, 17), inventory.settingPosition("h1", "address").get());
  }

  @Test
  void directoryThatLinksBackToItselfIsRefusedInsteadOfWalkedForever() throws IOException {
    Path inv = dir.resolve("inv");
    write("inv/hosts", "[web]", "web1");
    Files.createSymbolicLink(inv.resolve("again"), inv);
    assertEquals(
        "inv/again: links back to a directory of the inventory already read (a symbolic link"
            + " loop)",
        refusal(inv));
  }

  @Test
  void theRootDirectoryIsNoInventory() {
    assertEquals(
        "/: is the root directory, not an inventory; name an inventory file or a directory of"
            + " inventory files",
        assertThrows(
                InvalidConfigException.class, () -> new InventoryReader().read(Path.of("/"), "/"))
            .getMessage());
  }
}
