package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rollrun inventory}: what SSH connects to for each host, from the resolution a roll uses,
 * each setting with the place it came from (the inventory's file:line:column and variable, or an
 * ssh_config line), the jump hosts crossed first, and why a host is refused.
 */
class InventoryCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path sshConfig;
  private String previousConfig;

  @BeforeEach
  void keepTheHomesConfig() throws IOException {
    sshConfig = Path.of(System.getProperty("user.home")).resolve(".ssh/config");
    Files.createDirectories(sshConfig.getParent());
    previousConfig = Files.exists(sshConfig) ? Files.readString(sshConfig) : null;
    Files.writeString(
        sshConfig,
        "Host bastion.example.com\n  User jumper\n  Port 2022\nHost db2\n"
            + "  CanonicalizeHostname yes\n");
  }

  @AfterEach
  void restoreTheHomesConfig() throws IOException {
    if (previousConfig == null) {
      Files.deleteIfExists(sshConfig);
    } else {
      Files.writeString(sshConfig, previousConfig);
    }
  }

  private Path hosts(String... lines) throws IOException {
    return Files.writeString(dir.resolve("hosts"), String.join("\n", lines) + "\n");
  }

  private static CommandLineRun inventory(Path hosts, String... more) {
    List<String> args = new ArrayList<>(List.of("inventory", "-i", hosts.toString()));
    args.addAll(List.of(more));
    return CommandLineRun.of(args.toArray(String[]::new));
  }

  private static void assertLine(String out, String... columns) {
    Pattern line =
        Pattern.compile(
            "(?m)^\\s*"
                + String.join("\\s+", List.of(columns).stream().map(Pattern::quote).toList())
                + "\\s*$");
    assertTrue(line.matcher(out).find(), "no line " + List.of(columns) + " in\n" + out);
  }

  @Test
  void textShowsTheJumpHostAndEachSshSettingWhereTheInventoryWritesIt() throws IOException {
    Path hosts =
        hosts(
            "[db]",
            "db1 ansible_host=10.0.0.5 ansible_user=postgres"
                + " ansible_ssh_common_args='-J bastion.example.com -o HostKeyAlias=db'");

    CommandLineRun run = inventory(hosts, "--host", "db1");

    assertEquals(0, run.exitCode(), run.out() + run.err());
    String out = run.out();
    String at = hosts + ":2:";
    assertLine(out, "hostname", "10.0.0.5", at + "18 (ansible_host)");
    assertLine(out, "user", "postgres", at + "40 (ansible_user)");
    assertLine(out, "proxyjump", "bastion.example.com", at + "73 (ansible_ssh_common_args)");
    assertLine(out, "hostkeyalias", "db", at + "73 (ansible_ssh_common_args)");
    assertLine(out, "via bastion.example.com");
    assertLine(out, "user", "jumper", "~/.ssh/config:2");
    assertLine(out, "port", "2022", "~/.ssh/config:3");
    assertTrue(out.indexOf("via bastion.example.com") < out.indexOf("proxyjump"), out);
  }

  @Test
  void listGivesTheSameSshSideAsJson() throws IOException {
    Path hosts =
        hosts("db1 ansible_ssh_common_args='-J bastion.example.com -o ControlMaster=auto'", "db2");

    CommandLineRun run = inventory(hosts, "--list");

    assertEquals(0, run.exitCode(), run.out() + run.err());
    JsonNode db1 = JSON.readTree(run.out()).get("hosts").get("db1").get("ssh");
    String from = hosts + ":1:29 (ansible_ssh_common_args)";
    assertEquals("bastion.example.com", db1.at("/settings/proxyjump/value").asText());
    assertEquals(from, db1.at("/settings/proxyjump/from").asText());
    assertEquals("bastion.example.com", db1.at("/jumps/0/address").asText());
    assertEquals("jumper", db1.at("/jumps/0/settings/user/value").asText());
    assertTrue(db1.get("connects").asBoolean());
    JsonNode ignored = db1.get("ignored");
    assertTrue(
        ignored.findValuesAsText("setting").contains("ControlMaster"), ignored.toPrettyString());
    assertTrue(ignored.findValuesAsText("from").contains(from), ignored.toPrettyString());
    assertEquals("", run.err(), "nothing refused, nothing on standard error");

    JsonNode db2 = JSON.readTree(run.out()).get("hosts").get("db2").get("ssh");
    assertEquals(false, db2.get("connects").asBoolean());
    assertTrue(
        db2.get("refused").asText().startsWith("~/.ssh/config:5: CanonicalizeHostname yes:"),
        db2.toPrettyString());
  }

  @Test
  void settingValidateWouldRefuseIsRefusedTheSameWayAfterTheReport() throws IOException {
    Path hosts = hosts("db1 ansible_ssh_common_args='-o PubkeyAuthentication=no'");

    CommandLineRun run = inventory(hosts);

    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("refused: "), run.out());
    assertTrue(
        run.err()
            .contains(
                hosts
                    + ":1:29: host \"db1\": ansible_ssh_common_args: PubkeyAuthentication no:"
                    + " rollrun authenticates with public keys only"),
        run.err());
  }
}
