package dev.rollrun.core.behaviour;

import dev.rollrun.api.ClusterBehaviour;
import java.util.List;

/**
 * The {@code service} behaviour as core's tests know it: the same commands and default health as
 * the real one, which ships as the plugin {@code plugins/service} (whose plans the end-to-end
 * golden tests pin), so that core is tested without loading a plugin.
 */
public final class ServiceBehaviour implements ClusterBehaviour {

  public static final String ID = "service";

  /** A catalogue with only this behaviour. */
  public static BehaviourCatalog catalog() {
    return new BehaviourCatalog(List.of(new ServiceBehaviour()));
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String defaultStopCommand() {
    return "systemctl stop {{ service.name }}";
  }

  @Override
  public String defaultStartCommand() {
    return "systemctl start {{ service.name }}";
  }

  @Override
  public String defaultHealth() {
    return """
        interval: 5s
        consecutive: 3
        timeout: 5m
        all:
          - command: { run: "systemctl is-active --quiet {{ service.name }}" }
        """;
  }

  @Override
  public List<String> requiredSettings() {
    return List.of("service.name");
  }
}
