package dev.rollrun.core.behaviour;

import dev.rollrun.api.ClusterBehaviour;
import java.util.List;

/**
 * A plain systemd service: stopped and started with {@code systemctl} through {@code sudo -n},
 * healthy when {@code systemctl is-active} says so, rolled in inventory order.
 */
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

  @Override
  public String defaultHealthCommand() {
    return "systemctl is-active --quiet {{ service.name }}";
  }

  @Override
  public List<String> requiredSettings() {
    return List.of("service.name");
  }
}
