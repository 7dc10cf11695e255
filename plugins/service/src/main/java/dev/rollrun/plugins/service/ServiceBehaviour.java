package dev.rollrun.plugins.service;

import dev.rollrun.api.ClusterBehaviour;
import java.util.List;
import org.pf4j.Extension;

/**
 * A plain systemd service: stopped and started with {@code systemctl} through {@code sudo -n},
 * healthy when {@code systemctl is-active} says so, rolled in inventory order. The default
 * behaviour of a playbook that names no {@code cluster:}.
 */
@Extension
public final class ServiceBehaviour implements ClusterBehaviour {

  public static final String ID = "service";

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

  /** systemd gives every start of a unit a new invocation id; a stopped unit has none. */
  @Override
  public String defaultInstanceCommand() {
    return "systemctl show --property=InvocationID --value {{ service.name }}";
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
