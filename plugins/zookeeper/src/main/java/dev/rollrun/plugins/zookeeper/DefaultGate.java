package dev.rollrun.plugins.zookeeper;

/**
 * The zookeeper behaviour's health gate, written as a playbook's {@code health:} is, over every
 * member's AdminServer {@code /commands/mntr}:
 *
 * <ol>
 *   <li>every member answers and is in the broadcast phase ({@code peer_state} {@code leading -
 *       broadcast}, {@code following - broadcast} or {@code observing - broadcast}): it is in sync
 *       with its leader, observers included;
 *   <li>exactly one member is the leader;
 *   <li>on that leader, {@code synced_followers} is the number of voting members minus one ({@code
 *       quorum_size}, from the ensemble's own configuration, counts the voters; observers are
 *       counted in {@code synced_observers} and are not part of it).
 * </ol>
 *
 * Checked every second; healthy three times in a row; five minutes at most. The AdminServer's port
 * is the host's {@code zookeeper_admin_port} variable, else the playbook's {@code admin-port}
 * setting, else 8080; with {@code via: ssh} it is asked at {@code localhost} through the node's SSH
 * session.
 */
final class DefaultGate {

  private DefaultGate() {}

  static String yaml(ZooKeeperSettings settings) {
    String url =
        "http://"
            + (settings.throughSsh() ? "localhost" : "{{ host.address }}")
            + ":{{ host.vars."
            + ZooKeeperSettings.ADMIN_PORT_VAR
            + " | default("
            + settings.adminPort()
            + ") }}/commands/mntr";
    String reach = "url: \"" + url + "\"\n" + (settings.throughSsh() ? "      via: ssh\n" : "");
    return """
        interval: 1s
        consecutive: 3
        timeout: 5m
        all:
          - http:
              name: in sync
              %1$s      value: $.peer_state
              json: [ { path: $.peer_state, matches: " - broadcast$" } ]
              across: all-nodes
              all: true
          - http:
              name: leaders
              %1$s      value: $.server_state
              json: [ { path: $.server_state, equals: leader } ]
              across: all-nodes
              count: { equals: 1 }
          - http:
              name: synced followers
              %1$s      value: "$[?(@.server_state == 'leader')].synced_followers"
              json:
                - { path: $.server_state, equals: leader }
                - { path: "$.sum($.synced_followers, 1)", equals: { path: $.quorum_size } }
              across: all-nodes
              count: { equals: 1 }
        """
        .formatted(reach);
  }
}
