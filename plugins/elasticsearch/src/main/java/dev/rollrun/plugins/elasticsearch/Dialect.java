package dev.rollrun.plugins.elasticsearch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Elasticsearch or OpenSearch, and which version, from {@code GET /}: OpenSearch says {@code
 * version.distribution: opensearch}. Where they differ for a roll: OpenSearch 2 calls the master a
 * cluster manager ({@code _cat/cluster_manager}; {@code _cat/master} still answers, with a
 * deprecation warning); neither has synced flush any more (Elasticsearch 8 removed it, OpenSearch 2
 * does a plain flush), so rollrun flushes plainly everywhere.
 */
record Dialect(boolean openSearch, String version) {

  static Dialect of(JsonNode root) {
    JsonNode version = root.path("version");
    return new Dialect(
        "opensearch".equalsIgnoreCase(version.path("distribution").asText("")),
        version.path("number").asText("?"));
  }

  String product() {
    return openSearch ? "OpenSearch" : "Elasticsearch";
  }

  int major() {
    try {
      return Integer.parseInt(version.split("\\.", 2)[0]);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** OpenSearch 2 and later name the elected master a cluster manager. */
  boolean clusterManager() {
    return openSearch && major() >= 2;
  }

  String masterName() {
    return clusterManager() ? "cluster manager" : "master";
  }

  String electedMasterPath() {
    return clusterManager()
        ? "/_cat/cluster_manager?format=json&h=id,node"
        : "/_cat/master?format=json&h=id,node";
  }
}
