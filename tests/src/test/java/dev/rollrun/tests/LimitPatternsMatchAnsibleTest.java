package dev.rollrun.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rollrun.api.Host;
import dev.rollrun.core.inventory.HostPatterns;
import dev.rollrun.core.inventory.Inventory;
import dev.rollrun.core.inventory.InventoryReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --limit} patterns select the hosts Ansible selects: each pattern is given to {@code
 * ansible -i INVENTORY PATTERN --list-hosts}, the judge, and to rollrun's {@link HostPatterns}.
 */
class LimitPatternsMatchAnsibleTest {

  private static final Path CORPUS = AnsibleInventoryCorpusTest.CORPUS;

  @BeforeAll
  static void ansibleIsInstalled() {
    if (!AnsibleInventoryCorpusTest.onPath("ansible")) {
      fail("ansible is not installed, and it is the judge here: apt-get install -y ansible-core");
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiterString = "=>",
      value = {
        "yaml-docs-nested/hosts.yml=>webservers:dbservers",
        "yaml-docs-nested/hosts.yml=>webservers,dbservers",
        "yaml-docs-nested/hosts.yml=>webservers:&east",
        "yaml-docs-nested/hosts.yml=>webservers:!bar.example.com",
        "yaml-docs-nested/hosts.yml=>!one.example.com",
        "yaml-docs-nested/hosts.yml=>!east",
        "yaml-docs-nested/hosts.yml=>&prod",
        "yaml-docs-nested/hosts.yml=>*.example.com",
        "yaml-docs-nested/hosts.yml=>one*",
        "yaml-docs-nested/hosts.yml=>t*",
        "yaml-docs-nested/hosts.yml=>~(foo|bar)\\..*",
        "yaml-docs-nested/hosts.yml=>~o",
        "yaml-docs-nested/hosts.yml=>all",
        "yaml-docs-nested/hosts.yml=>webservers[0]",
        "yaml-docs-nested/hosts.yml=>webservers[-1]",
        "yaml-docs-nested/hosts.yml=>dbservers[0:1]",
        "yaml-docs-nested/hosts.yml=>dbservers[1:]",
        "yaml-docs-nested/hosts.yml=>east:&dbservers:!two.example.com",
        "yaml-docs-nested/hosts.yml=>!test:&dbservers",
        "yaml-docs-nested/hosts.yml=>prod:test",
        "ini-children/hosts=>usa",
        "ini-children/hosts=>southeast:!raleigh",
        "ini-children/hosts=>usa[0:2]",
        "ini-children/hosts=>host[!3]",
        "ini-ungrouped/hosts=>ungrouped",
        "ini-ungrouped/hosts=>all:!ungrouped",
        "ini-ranges/hosts=>www0[1:3].example.com",
        "ini-ranges/hosts=>db-?.example.com",
        "ini-ranges/hosts=>webservers:databases:!db-[a-c]*",
      })
  void patternSelectsTheHostsAnsibleSelects(String inventory, String pattern) throws Exception {
    Path source = CORPUS.resolve(inventory);
    Inventory read = new InventoryReader().read(source, source.toString());

    List<String> ours =
        HostPatterns.select(read, List.of(pattern)).stream().map(Host::name).sorted().toList();

    assertEquals(ansible(source, pattern).stream().sorted().toList(), ours, pattern);
  }

  private static List<String> ansible(Path source, String pattern) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                "ansible", "-i", source.toAbsolutePath().toString(), pattern, "--list-hosts")
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("ANSIBLE_NOCOLOR", "1");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "ansible timed out");
    assertEquals(0, process.exitValue(), out);
    List<String> hosts = new ArrayList<>();
    for (String line : out.lines().toList()) {
      if (line.startsWith("    ")) {
        hosts.add(line.strip());
      }
    }
    return hosts;
  }
}
