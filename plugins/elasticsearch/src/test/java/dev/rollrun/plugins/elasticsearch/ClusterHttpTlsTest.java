package dev.rollrun.plugins.elasticsearch;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.rollrun.api.Host;
import dev.rollrun.api.RollrunException;
import dev.rollrun.api.TaskArgs;
import dev.rollrun.api.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS to the cluster: a certificate of a CA named in {@code ca:} is trusted, an unknown one is
 * refused (the node does not answer, naming why), {@code insecure: true} trusts anything.
 */
class ClusterHttpTlsTest {

  @TempDir static Path tls;

  static WireMockServer server;
  static Path caFile;

  @BeforeAll
  static void start() throws Exception {
    Path keystore = tls.resolve("server.p12");
    caFile = tls.resolve("ca.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "server",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit",
        "-file",
        caFile.toString());
    server =
        new WireMockServer(
            options()
                .bindAddress("127.0.0.1")
                .httpDisabled(true)
                .httpsPort(0)
                .keystorePath(keystore.toString())
                .keystorePassword("changeit")
                .keyManagerPassword("changeit")
                .keystoreType("PKCS12"));
    server.start();
    server.stubFor(
        get(urlEqualTo("/_cluster/health"))
            .willReturn(
                okJson("{\"status\":\"green\",\"number_of_nodes\":3,\"active_shards\":6}")));
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "keytool");
  }

  private static Verdict green(Map<String, Object> settings) throws Exception {
    Host node =
        FakeContext.host("es-1", "127.0.0.1", Map.of(NodeEndpoints.PORT_VAR, server.httpsPort()));
    return new ClusterGreen().check(new FakeContext(node, List.of(node)), new TaskArgs(settings));
  }

  @Test
  void theCaFilesCertificateIsTrusted() throws Exception {
    Verdict verdict = green(Map.of("scheme", "https", "ca", caFile.toString()));
    assertEquals(Verdict.safe("the cluster is green: 3 nodes, 6 active shards"), verdict);
  }

  @Test
  void anUnknownCertificateIsRefused() {
    RollrunException refused =
        assertThrows(RollrunException.class, () -> green(Map.of("scheme", "https")));
    assertTrue(
        refused
            .getMessage()
            .startsWith("no node answered GET /_cluster/health (es-1: https://127.0.0.1:"),
        refused.getMessage());
  }

  @Test
  void insecureTrustsAnyCertificate() throws Exception {
    assertTrue(green(Map.of("scheme", "https", "insecure", true)).safe());
  }
}
