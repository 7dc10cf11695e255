package dev.rollrun.core.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SshTokensTest {

  private static final Map<Character, String> VALUES =
      Map.of('h', "10.0.0.5", 'p', "22", 'r', "deploy", 'n', "web-1", 'd', "/home/op");

  @Test
  void acceptedTokensAndEnvironmentVariablesAreExpanded() throws Exception {
    assertEquals(
        "/keys/deploy@10.0.0.5:22 100% /opt",
        SshTokens.expand(
            "${KEYS}/%r@%h:%p 100%% /opt", SshTokens.PATHS, VALUES, Map.of("KEYS", "/keys")));
  }

  @Test
  void aTokenTheSettingDoesNotAcceptIsAnErrorNeverLeftAsWritten() {
    assertEquals(
        "unknown token %n (this setting accepts %%, %h)",
        assertThrows(
                SshTokens.Problem.class,
                () -> SshTokens.expand("%n.example.com", SshTokens.HOSTNAME, VALUES, null))
            .getMessage());
    assertThrows(
        SshTokens.Problem.class, () -> SshTokens.expand("50%", SshTokens.PATHS, VALUES, Map.of()));
    assertThrows(
        SshTokens.Problem.class,
        () -> SshTokens.expand("${UNSET}/x", SshTokens.PATHS, VALUES, Map.of()));
  }

  @Test
  void tokensWhoseMeaningChangedBetweenOpenSshReleasesAreRefused() {
    assertThrows(
        SshTokens.Problem.class,
        () -> SshTokens.expand("~/.ssh/cm-%C", SshTokens.PATHS, VALUES, Map.of()));
  }

  @Test
  void tildeIsTheLocalUsersHomeOnly() throws Exception {
    LocalAccount op = new LocalAccount("op", 1000, Path.of("/home/op"), "box", Map.of());
    assertEquals("/home/op/.ssh/id", SshTokens.tilde("~/.ssh/id", op));
    assertEquals("/home/op", SshTokens.tilde("~", op));
    assertEquals("/home/op/x", SshTokens.tilde("~op/x", op));
    assertEquals("/etc/x", SshTokens.tilde("/etc/x", op));
    assertThrows(SshTokens.Problem.class, () -> SshTokens.tilde("~root/.ssh/id", op));
  }
}
