package dev.rollrun.plugins.consul;

import dev.rollrun.api.RollrunException;

/**
 * Consul could not be asked, or answered what a node of an active/standby pair must not see: the
 * message says which request or which key, never the token.
 */
class ConsulException extends RollrunException {

  ConsulException(String message) {
    super(message);
  }
}
