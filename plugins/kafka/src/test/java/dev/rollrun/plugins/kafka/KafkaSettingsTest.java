package dev.rollrun.plugins.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rollrun.api.Host;
import dev.rollrun.api.TaskArgs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

  private static Host host(String address, Map<String, Object> vars) {
    return new Host(address, address, 22, null, null, List.of(), null, null, vars);
  }

  @Test
  void withoutSettingsTheHostsAreAskedOnKafkasPort() {
    KafkaSettings settings = KafkaSettings.of(TaskArgs.none());
    assertEquals(
        List.of("10.0.0.1:9092", "10.0.0.2:19092", "[fd00::3]:9092"),
        settings.bootstrapFor(
            List.of(
                host("10.0.0.1", Map.of()),
                host("10.0.0.2", Map.of("kafka_port", 19092)),
                host("fd00::3", Map.of()))));
    assertNull(settings.clientConfig());
    assertEquals(Duration.ofSeconds(30), settings.timeout());
  }

  @Test
  void bootstrapServersAreAListOrTextSeparatedByCommas() {
    assertEquals(
        List.of("a:1", "b:2"),
        KafkaSettings.of(new TaskArgs(Map.of("bootstrap", " a:1, b:2 "))).bootstrapFor(List.of()));
    assertEquals(
        List.of("a:1", "b:2"),
        KafkaSettings.of(new TaskArgs(Map.of("bootstrap", List.of("a:1", "b:2"))))
            .bootstrapFor(List.of(host("ignored", Map.of()))));
  }

  @Test
  void portClientConfigAndTimeoutAreRead() {
    KafkaSettings settings =
        KafkaSettings.of(
            new TaskArgs(
                Map.of(
                    "port",
                    9094,
                    "client-config",
                    "/etc/kafka/admin.properties",
                    "timeout",
                    "5s")));
    assertEquals(List.of("k:9094"), settings.bootstrapFor(List.of(host("k", Map.of()))));
    assertEquals(Path.of("/etc/kafka/admin.properties"), settings.clientConfig());
    assertEquals(Duration.ofSeconds(5), settings.timeout());
  }
}
