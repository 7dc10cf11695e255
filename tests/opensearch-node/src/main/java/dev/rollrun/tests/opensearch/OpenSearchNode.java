package dev.rollrun.tests.opensearch;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node in a process of its own, started from the jars of Maven Central rather than
 * from a tarball: {@code java -cp 'classes:lib/*' dev.rollrun.tests.opensearch.OpenSearchNode HOME}
 * reads {@code HOME/config/opensearch.yml}, logs to standard output and serves until SIGTERM, which
 * closes the node in order (as the tarball's service stop does). The genuine entry point refuses to
 * run as root and wants a {@code modules/} directory: the node is built here through {@link Node}'s
 * protected constructor with the Netty transport as a class path plugin instead.
 */
public final class OpenSearchNode extends Node {

  private OpenSearchNode(Environment environment) {
    super(environment, List.of(Netty4Plugin.class), true);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: OpenSearchNode HOME (HOME/config/opensearch.yml)");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    Path config = home.resolve("config");
    Path logging = config.resolve("log4j2.properties");
    if (!Files.exists(logging)) {
      try (InputStream in = OpenSearchNode.class.getResourceAsStream("log4j2.properties")) {
        Files.copy(in, logging);
      }
    }
    Environment environment =
        InternalSettingsPreparer.prepareEnvironment(
            Settings.builder().put("path.home", home.toString()).build(),
            Map.of(),
            config,
            () -> "node");
    LogConfigurator.registerErrorListener();
    LogConfigurator.setNodeName(Node.NODE_NAME_SETTING.get(environment.settings()));
    LogConfigurator.configure(environment);

    Node node = new OpenSearchNode(environment);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    node.close();
                    node.awaitClose(10, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    System.err.println("opensearch-node: closing the node failed: " + e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "opensearch-node-stop"));
    node.start();
    System.out.println("node started");
    // The node's own threads are daemons: this one keeps the process until it is stopped.
    stopped.await();
  }
}
