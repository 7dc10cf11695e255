package dev.rollrun.plugins.zookeeper;

/**
 * One voting member of the ensemble as a member's {@code /commands/voting_view} lists it.
 *
 * @param id the member's id ({@code server.N}, its {@code myid})
 * @param quorumHost the host of its quorum address ({@code 10.0.0.11} of {@code 10.0.0.11:2888})
 * @param clientAddress its client address ({@code 10.0.0.11:2181}), or empty when the configuration
 *     gives none
 */
record EnsembleSeat(long id, String quorumHost, String clientAddress) {

  /** The host of an address written {@code host:port} or {@code [v6]:port}. */
  static String hostOf(String address) {
    if (address == null || address.isBlank()) {
      return "";
    }
    String a = address.strip();
    if (a.startsWith("[")) {
      int end = a.indexOf(']');
      return end > 0 ? a.substring(1, end) : a;
    }
    int colon = a.lastIndexOf(':');
    return colon > 0 ? a.substring(0, colon) : a;
  }
}
