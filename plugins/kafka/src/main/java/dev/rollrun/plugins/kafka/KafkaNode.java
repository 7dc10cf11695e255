package dev.rollrun.plugins.kafka;

import java.util.List;

/**
 * A node of a Kafka cluster as the cluster describes it: a registered broker (with the listener it
 * advertises), or a KRaft controller that is not registered as a broker (a dedicated controller, or
 * a combined node whose broker is down), with the endpoints the quorum knows it by.
 *
 * @param id the node id ({@code node.id}, {@code broker.id})
 * @param broker whether it is registered as a broker right now
 * @param endpoints {@code host:port} pairs it is reached at; the first names it in messages
 * @param rack its {@code broker.rack}, or null
 */
record KafkaNode(int id, boolean broker, List<String> endpoints, String rack) {

  KafkaNode {
    endpoints = List.copyOf(endpoints);
  }

  /** The host part of each endpoint ({@code [::1]:9092} gives {@code ::1}). */
  List<String> hostNames() {
    return endpoints.stream().map(KafkaNode::hostOf).toList();
  }

  /** How messages name it: {@code broker 2 (10.0.0.12:9092)}. */
  String describe() {
    return (broker ? "broker " : "controller ")
        + id
        + (endpoints.isEmpty() ? "" : " (" + endpoints.get(0) + ")");
  }

  static String hostOf(String endpoint) {
    if (endpoint.startsWith("[")) {
      int close = endpoint.indexOf(']');
      return close > 0 ? endpoint.substring(1, close) : endpoint;
    }
    int colon = endpoint.lastIndexOf(':');
    return colon > 0 ? endpoint.substring(0, colon) : endpoint;
  }
}
